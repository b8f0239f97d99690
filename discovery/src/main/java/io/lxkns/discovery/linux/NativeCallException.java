package io.lxkns.discovery.linux;

/** A failed libc call: names the call and keeps errno so callers can react to it. */
public final class NativeCallException extends Exception {
    private final int errno;

    public NativeCallException(String call, int errno) {
        super(call + " failed: errno " + errno + " (" + describe(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        return switch (errno) {
            case Errno.EPERM -> "operation not permitted";
            case Errno.ENOENT -> "no such file or directory";
            case Errno.ESRCH -> "no such process";
            case Errno.ENXIO -> "no such device or address";
            case Errno.EBADF -> "bad file descriptor";
            case Errno.EACCES -> "permission denied";
            case Errno.EINVAL -> "invalid argument";
            case Errno.ENOTTY -> "inappropriate ioctl for device";
            case Errno.ENOSYS -> "function not implemented";
            default -> "see errno(3)";
        };
    }
}
