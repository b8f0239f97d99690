package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the stages have learnt about one namespace so far; mutable, confined to one discovery. */
final class NamespaceDraft {
    /** A few paths are enough to reach a namespace even if some of its processes exit meanwhile. */
    private static final int MAX_HANDLES = 3;

    final NamespaceId id;
    final Set<Source> sources = EnumSet.noneOf(Source.class);
    final Set<Integer> looseThreads = new TreeSet<>();
    /**
     * A path that opens this namespace. A {@code /proc/PID/ns/*} link always leads to a namespace;
     * a bind mount's path or an fd link is under someone else's control and opened with care.
     */
    record Handle(Path path, boolean foreign) {}

    /** Paths that open this namespace, in the order they were found. */
    final List<Handle> handles = new ArrayList<>(1);
    final Set<BindMount> bindMounts = new LinkedHashSet<>();
    final List<FdRef> fdRefs = new ArrayList<>();
    final List<FdRef> socketRefs = new ArrayList<>();
    /** Items beyond {@link Namespace#LISTED} per list: counted, not kept. */
    int unlisted;
    NamespaceId owner;
    NamespaceId parent;
    Integer ownerUid;
    Integer mountCount;
    /**
     * An open descriptor of this namespace, for one that has no stable path: found through a socket,
     * a relation, or bind-mounted in a mount namespace only a parked thread could enter. -1 when
     * none. Set only by {@link #hold}, taken only by {@link #takeHeldFd} (or {@link #open}); whoever
     * takes it closes it, and {@link ResultBuilder#closeHeldDescriptors} closes the rest.
     */
    private int heldFd = -1;

    NamespaceDraft(NamespaceId id) {
        this.id = id;
    }

    /** True when nothing but a held descriptor can reach this namespace. */
    boolean unreachable() {
        return handles.isEmpty() && heldFd < 0;
    }

    /**
     * Keeps {@code fd} (ownership passes to this draft) as the way into a namespace without a path;
     * where one is held already, {@code fd} is closed: one is enough.
     */
    void hold(int fd) {
        if (fd < 0) {
            return;
        }
        if (heldFd >= 0) {
            Nsfs.close(fd);
        } else {
            heldFd = fd;
        }
    }

    /** Takes the held descriptor (the caller closes it), or -1. */
    int takeHeldFd() {
        int fd = heldFd;
        heldFd = -1;
        return fd;
    }

    /**
     * Opens this namespace: its held descriptor (taken), else the first of its paths that still
     * leads to it. A path under {@code /proc/PID} may meanwhile belong to another process that
     * reused the PID, so every opened path is checked. The caller closes the descriptor.
     *
     * @throws NativeCallException with the errno of the last failure when no way in works
     */
    int open() throws NativeCallException {
        int held = takeHeldFd();
        if (held >= 0) {
            return held;
        }
        NativeCallException failure = null;
        for (Handle handle : handles) {
            try {
                int fd = openVerified(handle.path, handle.foreign, id);
                if (fd >= 0) {
                    return fd;
                }
            } catch (NativeCallException e) {
                failure = e;
            }
        }
        // Made only on failure: an exception's stack trace costs more than the open itself.
        throw failure != null ? failure
                : new NativeCallException("open " + id + ": its paths lead elsewhere now", Errno.ENOENT);
    }

    /**
     * Opens a namespace path; -1 (closed again) when it does not lead to {@code expected}. A {@code
     * foreign} path (see {@link Handle}) is opened only once it is known to be a namespace.
     */
    static int openVerified(Path path, boolean foreign, NamespaceId expected) throws NativeCallException {
        int fd = foreign ? Nsfs.openNamespace(path, Discovery.nsfsDev()) : Nsfs.open(path);
        if (fd < 0) {
            return -1;
        }
        try {
            if (Nsfs.isNamespace(fd, Discovery.nsfsDev(), expected.inode())) {
                return fd;
            }
        } catch (NativeCallException e) {
            // fstat failed: treat it as leading elsewhere
        }
        Nsfs.close(fd);
        return -1;
    }

    void addLooseThread(int tid) {
        addCapped(looseThreads, tid);
    }

    void addBindMount(BindMount mount) {
        addCapped(bindMounts, mount);
    }

    /** Listed while there is room, counted once there is none (a repeat is neither). */
    private <T> void addCapped(Set<T> items, T item) {
        if (items.size() < Namespace.LISTED) {
            items.add(item);
        } else if (!items.contains(item)) {
            unlisted++;
        }
    }

    void addFdRef(FdRef ref) {
        add(fdRefs, ref);
    }

    void addSocketRef(FdRef ref) {
        add(socketRefs, ref);
    }

    private void add(List<FdRef> refs, FdRef ref) {
        if (refs.size() < Namespace.LISTED) {
            refs.add(ref);
        } else {
            unlisted++;
        }
    }

    /** True while another path would still be kept: a draft keeps a few ways in, not hundreds. */
    boolean wantsHandle() {
        return handles.size() < MAX_HANDLES;
    }

    void addHandle(Path path, boolean foreign) {
        if (path != null && handles.size() < MAX_HANDLES) {
            handles.add(new Handle(path, foreign));
        }
    }
}
