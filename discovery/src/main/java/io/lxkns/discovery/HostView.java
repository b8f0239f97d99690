package io.lxkns.discovery;

import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.ProcStat;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the host sees, from wherever lxkns runs. Some answers depend on the reader's namespaces: the
 * paths in {@code /proc/PID/cgroup} are relative to the reading thread's cgroup namespace, the
 * hostname is the reading thread's UTS namespace's, and absolute paths resolve in the reader's root.
 * In a pod, all three are the pod's. The host's are reached through kthreadd (PID 2), which, like
 * every kernel thread, never leaves the initial namespaces:
 *
 * <ul>
 *   <li>a namespace whose answers are per thread (cgroup, UTS, and mount: {@code mountinfo} lists only
 *       mounts below the reader's root) is joined by a dedicated platform thread, which answers and
 *       ends; it is never pooled, so no other work runs in the wrong view;
 *   <li>single files are read through kthreadd's root, {@code /proc/2/root}, resolved inside it.
 * </ul>
 *
 * Where the host's view cannot be had (kthreadd is not visible outside the host's PID namespace; its
 * links are unreadable without CAP_SYS_PTRACE; joining needs CAP_SYS_ADMIN), {@link Unavailable}
 * says why, and callers leave the field empty: never a value from the reader's own view.
 */
final class HostView {
    static final int KTHREADD = 2;
    private static final Path OWN_NAMESPACES = Path.of("/proc/thread-self/ns");

    private final Procfs procfs;
    private final ProcessInfo kthreadd;

    HostView(Procfs procfs, ProcessInfo pid2) {
        this.procfs = procfs;
        this.kthreadd = isKthreadd(pid2) ? pid2 : null;
    }

    /** Why the host's view of something cannot be had; its kind is the warning's. */
    static final class Unavailable extends Exception {
        final Warning.Kind kind;

        Unavailable(Warning.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** True when the calling thread already is in the host's namespace of each type. */
    boolean isHost(NamespaceType... types) throws Unavailable {
        return needsJoining(types).isEmpty();
    }

    /**
     * Runs {@code task} in the host's namespaces of {@code types}: on the calling thread where it is
     * in them already, else on a new thread that joins them first and ends afterwards. The task must
     * not hand work to other threads: they are not in those namespaces.
     */
    <T> T call(Supplier<T> task, NamespaceType... types) throws Unavailable {
        List<NamespaceId> join = needsJoining(types);
        if (join.isEmpty()) {
            return task.get();
        }
        List<Integer> fds = new ArrayList<>();
        try {
            for (NamespaceId id : join) {
                fds.add(open(id));
            }
            return onJoinedThread(task, join, fds);
        } finally {
            fds.forEach(Nsfs::close);
        }
    }

    private List<NamespaceId> needsJoining(NamespaceType... types) throws Unavailable {
        requireKthreadd();
        List<NamespaceId> join = new ArrayList<>();
        for (NamespaceType type : types) {
            NamespaceId host = kthreadd.namespace(type);
            if (host == null) {
                throw new Unavailable(Warning.Kind.PERMISSION_DENIED,
                        "the host's " + type.procName() + " namespace (kthreadd's) cannot be read (needs CAP_SYS_PTRACE)");
            }
            if (!host.equals(own(type).orElse(null))) {
                join.add(host);
            }
        }
        return join;
    }

    private int open(NamespaceId id) throws Unavailable {
        Path link = procfs.processDir(KTHREADD).resolve("ns").resolve(id.type().procName());
        try {
            int fd = NamespaceDraft.openVerified(link, false, id);
            if (fd < 0) {
                throw new Unavailable(Warning.Kind.IO_ERROR, link + " is no longer " + id);
            }
            return fd;
        } catch (NativeCallException e) {
            Warning warning = ResultBuilder.warning(e, 0, "open the host's " + id, " (needs CAP_SYS_PTRACE)");
            throw new Unavailable(warning.kind(), warning.message());
        }
    }

    private static <T> T onJoinedThread(Supplier<T> task, List<NamespaceId> join, List<Integer> fds) throws Unavailable {
        Object[] outcome = new Object[1];
        Thread thread = new Thread(() -> {
            try {
                Nsfs.join(fds, join.stream().map(NamespaceId::type).toList());
                outcome[0] = task.get();
            } catch (NativeCallException e) {
                Warning warning = ResultBuilder.warning(e, 0, "join the host's " + join,
                        " (needs CAP_SYS_ADMIN, and CAP_SYS_CHROOT for a mount namespace)");
                outcome[0] = new Unavailable(warning.kind(), warning.message());
            } catch (RuntimeException e) {
                outcome[0] = e;
            }
        }, "lxkns-hostview");
        thread.setDaemon(true);
        thread.start();
        EnteredMountNamespace.uninterruptibly(thread::join); // it holds our descriptors

        if (outcome[0] instanceof Unavailable unavailable) {
            throw unavailable;
        }
        if (outcome[0] instanceof RuntimeException failure) {
            throw failure;
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }

    private void requireKthreadd() throws Unavailable {
        if (kthreadd == null) {
            throw new Unavailable(Warning.Kind.UNSUPPORTED, "the host's view cannot be had: kthreadd (PID 2) is not"
                    + " visible, so this procfs is not the host's PID namespace (a pod needs hostPID)");
        }
    }

    /** The calling thread's namespace of a type. */
    private static Optional<NamespaceId> own(NamespaceType type) {
        try {
            return NamespaceId.parse(Files.readSymbolicLink(OWN_NAMESPACES.resolve(type.procName())).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isKthreadd(ProcessInfo process) {
        return process != null && process.pid() == KTHREADD && isKthreadd(process.ppid(), process.comm());
    }

    /** PID 2 is kthreadd where its parent is 0 and its name says so (not in a PID namespace of its own). */
    private static boolean isKthreadd(int ppid, String comm) {
        return ppid == 0 && "kthreadd".equals(comm);
    }

    /**
     * The host's root directory as seen through {@code procRoot}, for callers outside a discovery
     * (engine sockets, user names); empty where kthreadd is not visible or its root not readable.
     */
    static Optional<Path> root(Procfs procfs) {
        try {
            ProcStat stat = procfs.stat(KTHREADD);
            if (!isKthreadd(stat.ppid(), stat.comm())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        Path root = procfs.processDir(KTHREADD).resolve("root");
        return Files.isReadable(root) ? Optional.of(root) : Optional.empty();
    }
}
