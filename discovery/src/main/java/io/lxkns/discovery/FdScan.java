package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.linux.ProcessFds;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * Namespaces held by file descriptors: nsfs fds ({@code /proc/PID/fd/N -> net:[...]}, any type) and
 * sockets, whose network namespace only the socket itself can tell. One pass over every process's fd
 * links serves both.
 *
 * <p>Sockets are resolved once per socket inode (a socket shared by many processes costs one
 * lookup): the socket is borrowed with pidfd_getfd and asked with SIOCGSKNS. A socket is recorded
 * ({@code socketRefs}, source {@code socket}) only when its process is in another network namespace
 * than the socket: a namespace's own processes' sockets say nothing new.
 */
final class FdScan {
    private static final String SOCKET_PREFIX = "socket:[";
    private static final long SELF = ProcessHandle.current().pid();

    private final Procfs procfs;
    private final ResultBuilder builder;
    private final boolean fds;
    private final boolean sockets;

    FdScan(Procfs procfs, ResultBuilder builder, boolean fds, boolean sockets) {
        this.procfs = procfs;
        this.builder = builder;
        this.fds = fds;
        this.sockets = sockets;
    }

    private record SocketFd(int fd, long inode) {}

    private record NsFd(NamespaceId id, Path link, int fd) {}

    /** A socket's network namespace, with the descriptor SIOCGSKNS gave when this worker resolved it. */
    private record SocketNs(int fd, NamespaceId netns, int netnsFd) {}

    /** What one worker learnt about one process. */
    private record Scanned(ProcessInfo process, List<NsFd> nsFds, List<SocketNs> sockets, boolean denied,
            NativeCallException socketFailure) {}

    void run() {
        List<ProcessInfo> processes = builder.processes.values().stream()
                .filter(p -> !p.isZombie() && !p.namespaces().isEmpty()).toList();
        Map<Long, NamespaceId> netnsBySocket = new ConcurrentHashMap<>();
        Map<String, Boolean> onNsfs = new ConcurrentHashMap<>();
        int denied = 0;
        List<Integer> socketDenied = new ArrayList<>();
        NativeCallException socketExample = null;
        for (Scanned scanned : builder.inParallel(processes, p -> scan(p, netnsBySocket, onNsfs), ResultBuilder::processKey,
                p -> "the open files of process " + p.pid(), p -> new Scanned(p, List.of(), List.of(), false, null),
                late -> late.sockets.stream().filter(s -> s.netnsFd >= 0).forEach(s -> Nsfs.close(s.netnsFd)))) {
            int pid = scanned.process.pid();
            if (scanned.denied) {
                denied++;
            }
            for (NsFd nsFd : scanned.nsFds) {
                builder.found(nsFd.id, Source.FD, nsFd.link).addFdRef(new FdRef(pid, nsFd.fd));
            }
            for (SocketNs socket : scanned.sockets) {
                if (socket.netnsFd >= 0) {
                    NamespaceDraft known = builder.namespaces.get(socket.netns);
                    if (known == null || known.unreachable()) {
                        builder.found(socket.netns, Source.SOCKET, null).hold(socket.netnsFd);
                    } else {
                        Nsfs.close(socket.netnsFd);
                    }
                }
                if (!socket.netns.equals(scanned.process.namespace(NamespaceType.NET))) {
                    builder.found(socket.netns, Source.SOCKET, null).addSocketRef(new FdRef(pid, socket.fd));
                }
            }
            if (scanned.socketFailure != null) {
                if (scanned.socketFailure.errno() == Errno.ENOSYS) {
                    socketExample = scanned.socketFailure;
                } else {
                    socketDenied.add(pid);
                    socketExample = socketExample == null ? scanned.socketFailure : socketExample;
                }
            }
        }
        if (denied > 0) {
            builder.warn(Warning.Kind.PERMISSION_DENIED, 0,
                    "cannot list the open files of " + denied + " process(es): permission denied");
        }
        if (socketExample != null && socketExample.errno() == Errno.ENOSYS) {
            builder.warn(Warning.Kind.UNSUPPORTED, 0, "cannot read the network namespaces of sockets: "
                    + "this kernel lacks pidfd_open/pidfd_getfd (Linux 5.6+): " + socketExample.getMessage());
        } else if (!socketDenied.isEmpty()) {
            socketDenied.sort(null);
            builder.warn(Warning.Kind.PERMISSION_DENIED, 0, "cannot read the network namespaces of the sockets of "
                    + socketDenied.size() + " process(es) " + abbreviate(socketDenied) + ": " + socketExample.getMessage()
                    + " (needs CAP_SYS_PTRACE for pidfd_getfd and CAP_NET_ADMIN for SIOCGSKNS)");
        }
    }

    private Scanned scan(ProcessInfo process, Map<Long, NamespaceId> netnsBySocket, Map<String, Boolean> onNsfs) {
        List<NsFd> nsFds = new ArrayList<>(0);
        List<SocketFd> socketFds = new ArrayList<>();
        List<Integer> fdNumbers;
        try {
            fdNumbers = procfs.fds(process.pid());
        } catch (IOException e) {
            boolean denied = ResultBuilder.classify(e) == Warning.Kind.PERMISSION_DENIED;
            return new Scanned(process, nsFds, List.of(), denied, null); // or it vanished since the process scan
        }
        String mountNamespace = String.valueOf(process.namespace(NamespaceType.MNT));
        // Our own namespace fds are discovery's: descriptors other workers hold at this very moment
        // (SIOCGSKNS answers, relations, parked threads). Our sockets still count.
        boolean self = process.pid() == SELF;
        for (int fd : fdNumbers) {
            Path link = procfs.fdPath(process.pid(), fd);
            String target;
            try {
                target = Files.readSymbolicLink(link).toString();
            } catch (IOException e) {
                continue; // closed meanwhile
            }
            if (sockets && target.startsWith(SOCKET_PREFIX)) {
                socketInode(target).ifPresent(inode -> socketFds.add(new SocketFd(fd, inode)));
            } else if (fds && !self) {
                namespaceOf(link, target, mountNamespace, onNsfs).ifPresent(id -> nsFds.add(new NsFd(id, link, fd)));
            }
        }
        List<SocketNs> resolved = new ArrayList<>(0);
        NativeCallException failure = socketFds.isEmpty() ? null : resolveSockets(process.pid(), socketFds, netnsBySocket, resolved);
        return new Scanned(process, nsFds, resolved, false, failure);
    }

    /**
     * Resolves a process's sockets, each socket inode once across all workers. Returns the failure
     * that stopped it (permission, no pidfd support), or null.
     */
    private static NativeCallException resolveSockets(int pid, List<SocketFd> socketFds, Map<Long, NamespaceId> netnsBySocket,
            List<SocketNs> resolved) {
        int pidfd = -1;
        try {
            for (SocketFd socket : socketFds) {
                NamespaceId netns = netnsBySocket.get(socket.inode);
                int netnsFd = -1;
                if (netns == null) {
                    if (pidfd < 0) {
                        pidfd = ProcessFds.pidfdOpen(pid);
                    }
                    netnsFd = netnsOf(pidfd, socket);
                    if (netnsFd < 0) {
                        continue;
                    }
                    netns = new NamespaceId(NamespaceType.NET, Nsfs.inode(netnsFd));
                    if (netnsBySocket.putIfAbsent(socket.inode, netns) != null) {
                        Nsfs.close(netnsFd); // another worker resolved the same socket meanwhile
                        netnsFd = -1;
                    }
                }
                resolved.add(new SocketNs(socket.fd, netns, netnsFd));
            }
            return null;
        } catch (NativeCallException e) {
            return Errno.isDenied(e.errno()) || e.errno() == Errno.ENOSYS ? e : null; // ESRCH: it exited
        } finally {
            if (pidfd >= 0) {
                Nsfs.close(pidfd);
            }
        }
    }

    /** The network namespace of one socket as a new descriptor, or -1 when the socket has none or is gone. */
    private static int netnsOf(int pidfd, SocketFd socket) throws NativeCallException {
        int borrowed;
        try {
            borrowed = ProcessFds.borrow(pidfd, socket.fd);
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EBADF) {
                return -1;
            }
            throw e;
        }
        try {
            return ProcessFds.socketNetworkNamespace(borrowed);
        } catch (NativeCallException e) {
            if (e.errno() == Errno.ENOTTY || e.errno() == Errno.EINVAL) {
                return -1; // not a kind of socket that has a namespace
            }
            throw e;
        } finally {
            Nsfs.close(borrowed);
        }
    }

    /**
     * The namespace an fd refers to. An fd opened through {@code /proc/PID/ns/*} links to {@code
     * net:[...]}; one opened through a bind mount links to the mount's path, or to "/" once that is
     * unmounted, so any path is checked for living on nsfs (a stat) and then identified.
     */
    private static Optional<NamespaceId> namespaceOf(Path link, String target, String mountNamespace,
            Map<String, Boolean> onNsfs) {
        Optional<NamespaceId> id = NamespaceId.parse(target);
        if (id.isPresent() || !target.startsWith("/")) {
            return id;
        }
        // The same path (/dev/null, a log file) is held by many processes: stat it once per mount
        // namespace. Not "/": an fd on a namespace whose bind mount is gone links to "/" as well.
        String key = target.equals("/") ? null : mountNamespace + target;
        if (key != null && Boolean.FALSE.equals(onNsfs.get(key))) {
            return Optional.empty();
        }
        try {
            boolean nsfs = ((Number) Files.getAttribute(link, "unix:dev")).longValue() == Discovery.nsfsDev();
            if (!nsfs) {
                if (key != null) {
                    onNsfs.put(key, false);
                }
                return Optional.empty();
            }
            int fd = Nsfs.open(link);
            try {
                return Nsfs.identify(fd);
            } finally {
                Nsfs.close(fd);
            }
        } catch (IOException | NativeCallException e) {
            return Optional.empty(); // closed meanwhile
        }
    }

    private static Optional<Long> socketInode(String link) {
        try {
            return Optional.of(Long.parseLong(link, SOCKET_PREFIX.length(), link.length() - 1, 10));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(List<Integer> pids) {
        List<Integer> shown = pids.subList(0, Math.min(pids.size(), 5));
        return shown + (pids.size() > 5 ? " and " + (pids.size() - 5) + " more" : "");
    }
}
