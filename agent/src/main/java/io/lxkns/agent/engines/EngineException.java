package io.lxkns.agent.engines;

/** An engine could not be asked: its socket is gone, it refused, it timed out. */
public final class EngineException extends Exception {
    private final boolean notOffered;

    public EngineException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private EngineException(String message, Throwable cause, boolean notOffered) {
        super(message, cause);
        this.notOffered = notOffered;
    }

    /** The socket answers, but not with this API: a containerd whose CRI plugin is off, say. */
    public static EngineException notOffered(String message, Throwable cause) {
        return new EngineException(message, cause, true);
    }

    public boolean notOffered() {
        return notOffered;
    }
}
