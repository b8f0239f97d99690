package io.lxkns.discovery.linux;

/** JNA's native library cannot be loaded; the message names the cause and the fix in one sentence. */
public final class NativeUnavailableException extends RuntimeException {
    public NativeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
