package io.lxkns.agent.engines;

/** An engine could not be asked: its socket is gone, it refused, it timed out. */
public final class EngineException extends Exception {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
