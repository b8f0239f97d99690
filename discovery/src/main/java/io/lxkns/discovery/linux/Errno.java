package io.lxkns.discovery.linux;

/** The errno values discovery tells apart. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSYS = 38;

    private Errno() {}

    /** True for errors that mean "the process or object went away while we looked". */
    public static boolean isVanished(int errno) {
        return errno == ENOENT || errno == ESRCH;
    }

    /** True for errors that mean "we are not allowed to look". */
    public static boolean isDenied(int errno) {
        return errno == EACCES || errno == EPERM;
    }
}
