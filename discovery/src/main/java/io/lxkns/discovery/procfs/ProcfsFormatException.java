package io.lxkns.discovery.procfs;

import java.io.IOException;

/** A procfs file whose content does not have the format the kernel documents. */
public final class ProcfsFormatException extends IOException {
    public ProcfsFormatException(String message) {
        super(message);
    }
}
