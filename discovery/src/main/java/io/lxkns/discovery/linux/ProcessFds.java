package io.lxkns.discovery.linux;

import com.sun.jna.LastErrorException;

/**
 * Borrowing another process's file descriptors: {@code pidfd_open(2)} + {@code pidfd_getfd(2)}
 * (Linux 5.6+, needs ptrace access to the process: CAP_SYS_PTRACE), and asking a borrowed socket for
 * its network namespace ({@code SIOCGSKNS}, needs CAP_NET_ADMIN over that namespace).
 *
 * <p>Opening a socket through {@code /proc/PID/fd/N} does not work (ENXIO), hence the borrowing.
 */
public final class ProcessFds {
    static final long SYS_PIDFD_OPEN = 434;
    static final long SYS_PIDFD_GETFD = 438;
    static final long SIOCGSKNS = 0x894CL;

    private ProcessFds() {}

    /** A pidfd for {@code pid}; the caller closes it with {@link Nsfs#close}. */
    public static int pidfdOpen(int pid) throws NativeCallException {
        try {
            return (int) LibC.syscall(SYS_PIDFD_OPEN, pid, 0, 0);
        } catch (LastErrorException e) {
            throw new NativeCallException("pidfd_open", e.getErrorCode());
        }
    }

    /** A duplicate, in this process, of descriptor {@code fd} of the process behind {@code pidfd}. */
    public static int borrow(int pidfd, int fd) throws NativeCallException {
        try {
            return (int) LibC.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0);
        } catch (LastErrorException e) {
            throw new NativeCallException("pidfd_getfd", e.getErrorCode());
        }
    }

    /** The network namespace a socket was created in, as a new namespace descriptor. */
    public static int socketNetworkNamespace(int socketFd) throws NativeCallException {
        try {
            return LibC.ioctl(socketFd, SIOCGSKNS, 0L);
        } catch (LastErrorException e) {
            throw new NativeCallException("ioctl SIOCGSKNS", e.getErrorCode());
        }
    }
}
