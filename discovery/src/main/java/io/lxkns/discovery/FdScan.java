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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    void run() {
        Map<Integer, List<SocketFd>> socketsByPid = new HashMap<>();
        int denied = 0;
        for (ProcessInfo process : builder.processes.values()) {
            if (process.isZombie() || process.namespaces().isEmpty()) {
                continue;
            }
            List<Integer> fdNumbers;
            try {
                fdNumbers = procfs.fds(process.pid());
            } catch (IOException e) {
                if (ResultBuilder.classify(e) == Warning.Kind.PERMISSION_DENIED) {
                    denied++;
                }
                continue; // vanished since the process scan
            }
            for (int fd : fdNumbers) {
                Path link = procfs.fdPath(process.pid(), fd);
                String target;
                try {
                    target = Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (sockets && target.startsWith(SOCKET_PREFIX)) {
                    socketInode(target).ifPresent(inode -> socketsByPid
                            .computeIfAbsent(process.pid(), k -> new ArrayList<>()).add(new SocketFd(fd, inode)));
                } else if (fds) {
                    namespaceOf(link, target).ifPresent(id ->
                            builder.found(id, Source.FD, link).fdRefs.add(new FdRef(process.pid(), fd)));
                }
            }
        }
        if (denied > 0) {
            builder.warn(Warning.Kind.PERMISSION_DENIED, 0,
                    "cannot list the open files of " + denied + " process(es): permission denied");
        }
        if (sockets) {
            resolveSockets(socketsByPid);
        }
    }

    private void resolveSockets(Map<Integer, List<SocketFd>> socketsByPid) {
        Map<Long, NamespaceId> netnsBySocket = new HashMap<>();
        List<Integer> deniedPids = new ArrayList<>();
        NativeCallException deniedExample = null;
        for (Map.Entry<Integer, List<SocketFd>> entry : socketsByPid.entrySet()) {
            int pid = entry.getKey();
            ProcessInfo process = builder.processes.get(pid);
            int pidfd = -1;
            try {
                for (SocketFd socket : entry.getValue()) {
                    NamespaceId netns = netnsBySocket.get(socket.inode);
                    if (netns == null) {
                        if (pidfd < 0) {
                            pidfd = ProcessFds.pidfdOpen(pid);
                        }
                        netns = resolve(pidfd, socket);
                        if (netns == null) {
                            continue;
                        }
                        netnsBySocket.put(socket.inode, netns);
                    }
                    if (!netns.equals(process.namespace(NamespaceType.NET))) {
                        builder.found(netns, Source.SOCKET, null).socketRefs.add(new FdRef(pid, socket.fd));
                    }
                }
            } catch (NativeCallException e) {
                if (e.errno() == Errno.ENOSYS) {
                    builder.warn(Warning.Kind.UNSUPPORTED, 0, "cannot read the network namespaces of sockets: "
                            + "this kernel lacks pidfd_open/pidfd_getfd (Linux 5.6+): " + e.getMessage());
                    return;
                }
                if (Errno.isDenied(e.errno())) {
                    deniedPids.add(pid);
                    deniedExample = e;
                }
                // ESRCH: the process exited; its sockets went with it.
            } finally {
                if (pidfd >= 0) {
                    Nsfs.close(pidfd);
                }
            }
        }
        if (!deniedPids.isEmpty()) {
            deniedPids.sort(null);
            builder.warn(Warning.Kind.PERMISSION_DENIED, 0, "cannot read the network namespaces of the sockets of "
                    + deniedPids.size() + " process(es) " + abbreviate(deniedPids) + ": " + deniedExample.getMessage()
                    + " (needs CAP_SYS_PTRACE for pidfd_getfd and CAP_NET_ADMIN for SIOCGSKNS)");
        }
    }

    /**
     * The network namespace of one socket, or null when the socket was closed meanwhile. A namespace
     * seen for the first time keeps the descriptor, since nothing else may reach it later.
     */
    private NamespaceId resolve(int pidfd, SocketFd socket) throws NativeCallException {
        int borrowed;
        try {
            borrowed = ProcessFds.borrow(pidfd, socket.fd);
        } catch (NativeCallException e) {
            if (e.errno() == Errno.EBADF) {
                return null;
            }
            throw e;
        }
        int netnsFd = -1;
        try {
            netnsFd = ProcessFds.socketNetworkNamespace(borrowed);
            NamespaceId id = NamespaceId.parse(Nsfs.link(netnsFd)).orElse(null);
            NamespaceDraft known = id == null ? null : builder.namespaces.get(id);
            if (id != null && (known == null || known.unreachable())) {
                builder.found(id, Source.SOCKET, null).heldFd = netnsFd;
                netnsFd = -1;
            }
            return id;
        } catch (NativeCallException e) {
            if (e.errno() == Errno.ENOTTY || e.errno() == Errno.EINVAL) {
                return null; // not a kind of socket that has a namespace
            }
            throw e;
        } catch (IOException e) {
            return null;
        } finally {
            Nsfs.close(borrowed);
            if (netnsFd >= 0) {
                Nsfs.close(netnsFd);
            }
        }
    }

    /**
     * The namespace an fd refers to. An fd opened through {@code /proc/PID/ns/*} links to {@code
     * net:[...]}; one opened through a bind mount links to the mount's path, or to "/" once that is
     * unmounted, so any path is checked for living on nsfs (a stat) and then identified.
     */
    private static Optional<NamespaceId> namespaceOf(Path link, String target) {
        Optional<NamespaceId> id = NamespaceId.parse(target);
        if (id.isPresent() || !target.startsWith("/")) {
            return id;
        }
        try {
            if (((Number) Files.getAttribute(link, "unix:dev")).longValue() != Discovery.nsfsDev()) {
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
