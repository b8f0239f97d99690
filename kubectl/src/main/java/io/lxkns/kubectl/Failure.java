package io.lxkns.kubectl;

/**
 * Why a command could not show what was asked, in one line a user can act on: a pod that does not
 * exist, a node that has not reported, an API server that refused. Exit code 1. The message may
 * quote the cluster (an API server's status message): it is escaped where it is printed.
 */
public final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Failure(String message) {
        super(message, null, false, false); // no stack trace: the message is the whole story
    }
}
