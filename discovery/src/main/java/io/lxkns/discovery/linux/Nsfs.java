package io.lxkns.discovery.linux;

import com.sun.jna.LastErrorException;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Namespace file descriptors and the nsfs ioctls (see ioctl_ns(2)).
 *
 * <p>Every method that returns a descriptor hands ownership to the caller, who must {@link #close}
 * it. A descriptor's namespace is identified by {@code NS_GET_NSTYPE} and fstat, whichever way it
 * was opened.
 */
public final class Nsfs {
    static final long NS_GET_USERNS = 0xb701L;
    static final long NS_GET_PARENT = 0xb702L;
    static final long NS_GET_NSTYPE = 0xb703L;
    static final long NS_GET_OWNER_UID = 0xb704L;

    private Nsfs() {}

    /** Opens a namespace file (a {@code /proc/PID/ns/*} link, a bind mount, an fd link) read-only. */
    public static int open(Path path) throws NativeCallException {
        try {
            return LibC.open(path.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeCallException("open " + path, e.getErrorCode());
        }
    }

    /**
     * Opens a namespace file at a path that someone else controls (a bind mount in a tenant's mount
     * namespace, another process's fd): without ever opening anything that is not a namespace. The
     * path is first taken with O_PATH, which opens nothing (a FIFO put there cannot block us, a
     * device has no open side effects); only when that inode is on nsfs is it opened, through the
     * handle, so a path swapped meanwhile cannot slip in something else.
     *
     * @return the descriptor, or -1 when the path leads to something that is not a namespace
     */
    public static int openNamespace(Path path, long nsfsDev) throws NativeCallException {
        int handle;
        try {
            handle = LibC.open(path.toString(), LibC.O_PATH | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeCallException("open " + path, e.getErrorCode());
        }
        try {
            if (fstat(handle).getLong(ST_DEV_OFFSET) != nsfsDev) {
                return -1;
            }
            return LibC.open("/proc/self/fd/" + handle, LibC.O_RDONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeCallException("reopen " + path, e.getErrorCode());
        } finally {
            close(handle);
        }
    }

    /** Closes a descriptor; errors are ignored because there is nothing left to do about them. */
    public static void close(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // EBADF or EINTR: the descriptor is gone either way.
        }
    }

    /** The owning user namespace of the namespace behind {@code fd}, as a new descriptor. */
    public static int ownerUserNamespace(int fd) throws NativeCallException {
        return ioctlFd(fd, NS_GET_USERNS, "NS_GET_USERNS");
    }

    /**
     * The parent of a user or PID namespace, as a new descriptor; empty at the top of the hierarchy
     * visible to us (the kernel answers EPERM there).
     */
    public static OptionalInt parent(int fd) throws NativeCallException {
        try {
            return OptionalInt.of(ioctlFd(fd, NS_GET_PARENT, "NS_GET_PARENT"));
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EPERM) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    /** The UID (in our user namespace) of the creator of the user namespace behind {@code fd}. */
    public static int ownerUid(int fd) throws NativeCallException {
        int[] uid = new int[1];
        try {
            LibC.ioctl(fd, NS_GET_OWNER_UID, uid);
        } catch (LastErrorException e) {
            throw new NativeCallException("NS_GET_OWNER_UID", e.getErrorCode());
        }
        return uid[0];
    }

    /** unshare(2) for the calling thread: {@code flags} are {@code CLONE_NEW*} bits. */
    public static void unshare(int flags) throws NativeCallException {
        try {
            LibC.unshare(flags);
        } catch (LastErrorException e) {
            throw new NativeCallException("unshare", e.getErrorCode());
        }
    }

    /** setns(2) for the calling thread into the namespace behind {@code fd}. */
    public static void setns(int fd, int nstype) throws NativeCallException {
        try {
            LibC.setns(fd, nstype);
        } catch (LastErrorException e) {
            throw new NativeCallException("setns", e.getErrorCode());
        }
    }

    /**
     * Moves the calling thread into the namespaces behind {@code fds} (of the given types, in that
     * order). A JVM's threads share one fs_struct, which setns(CLONE_NEWNS) refuses (EINVAL): for a
     * mount namespace the thread first gets its own with unshare(CLONE_FS). Only for a thread that
     * ends after its visit, never a pooled one.
     */
    public static void join(List<Integer> fds, List<NamespaceType> types) throws NativeCallException {
        if (types.contains(NamespaceType.MNT)) {
            unshare(CLONE_FS);
        }
        for (int i = 0; i < fds.size(); i++) {
            setns(fds.get(i), types.get(i).cloneFlag());
        }
    }

    private static final int CLONE_FS = 0x00000200;

    /** {@code struct stat} is 144 bytes on x86_64 and 128 on aarch64; both start with st_dev and st_ino. */
    private static final int STAT_SIZE = 144;
    private static final int ST_DEV_OFFSET = 0;
    private static final int ST_INO_OFFSET = 8;

    /**
     * The inode of an open descriptor: one fstat(2), much cheaper than resolving its
     * {@code /proc/self/fd} link. For a descriptor of known type that is its identity.
     */
    public static long inode(int fd) throws NativeCallException {
        return fstat(fd).getLong(ST_INO_OFFSET);
    }

    /**
     * True when {@code fd} is the namespace with inode {@code inode}: nsfs numbers every namespace of
     * every type from one pool, so nsfs's device ({@code nsfsDev}) and the inode are enough, and one
     * fstat(2) checks both.
     */
    public static boolean isNamespace(int fd, long nsfsDev, long inode) throws NativeCallException {
        ByteBuffer stat = fstat(fd);
        return stat.getLong(ST_DEV_OFFSET) == nsfsDev && stat.getLong(ST_INO_OFFSET) == inode;
    }

    private static ByteBuffer fstat(int fd) throws NativeCallException {
        byte[] stat = new byte[STAT_SIZE];
        try {
            LibC.fstat(fd, stat);
        } catch (LastErrorException e) {
            throw new NativeCallException("fstat", e.getErrorCode());
        }
        return ByteBuffer.wrap(stat).order(ByteOrder.nativeOrder());
    }

    /**
     * The namespace an open descriptor refers to, however it was opened (through {@code
     * /proc/PID/ns}, a bind mount, or handed out by the kernel): its type from {@code NS_GET_NSTYPE},
     * its inode from fstat. Empty for a descriptor that is not a namespace (the kernel answers ENOTTY).
     */
    public static Optional<NamespaceId> identify(int fd) throws NativeCallException {
        int cloneFlag;
        try {
            cloneFlag = LibC.ioctl(fd, NS_GET_NSTYPE, 0L);
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        long inode = inode(fd);
        return NamespaceType.ofCloneFlag(cloneFlag).map(type -> new NamespaceId(type, inode));
    }

    private static int ioctlFd(int fd, long request, String name) throws NativeCallException {
        try {
            return LibC.ioctl(fd, request, 0L);
        } catch (LastErrorException e) {
            throw new NativeCallException(name, e.getErrorCode());
        }
    }
}
