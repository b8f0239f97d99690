package io.lxkns.discovery.model;

/**
 * Something discovery could not see, and why. Discovery goes on after each of these.
 *
 * @param kind what kind of problem it was
 * @param pid the process it concerns, or 0 when it concerns no single process
 * @param message one sentence for a person
 */
public record Warning(Kind kind, int pid, String message) {
    public enum Kind {
        /** The process exited while we looked at it; normal on a busy host. */
        VANISHED,
        /** A zombie: it has released its namespaces, so there is nothing to read. */
        ZOMBIE,
        /** The kernel refused us (not root, or missing capabilities). */
        PERMISSION_DENIED,
        /** A procfs file did not have the expected format. */
        UNPARSABLE,
        /** The kernel lacks a feature (an ioctl or syscall); a fallback was used or the detail is absent. */
        UNSUPPORTED,
        /** Any other I/O error. */
        IO_ERROR,
        /** It did not answer within the stage's deadline and was given up on (something it reads hangs). */
        TIMED_OUT
    }

    @Override
    public String toString() {
        return message;
    }
}
