package io.lxkns.agent.engines;

import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.procfs.InRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the engines listen: explicit sockets, the well-known paths on the host, and the listening
 * unix sockets of running {@code dockerd}, {@code containerd} and {@code crio} processes ({@code /proc/PID/net/unix}
 * intersected with the process's socket fds). The same API on the same socket, found twice, is used once.
 *
 * <p>In a pod with {@code hostPID} the host's files are not at their paths: well-known paths are
 * resolved inside the host's root ({@link Discovery#hostRoot}), a detected socket inside its engine's
 * root ({@code /proc/PID/root}), both with {@link InRoot} so that {@code /var/run -> /run} leads to
 * the host's {@code /run}, not the pod's. Where that is the same file as the plain path (on the
 * host), the plain path is used.
 */
public final class EngineSockets {
    /** How a socket was found: a named socket must answer; a guess that does not is dropped quietly. */
    public enum Origin { EXPLICIT, DEFAULT, DETECTED }

    /** One socket to ask. */
    public record Endpoint(EngineKind engine, Path socket, Origin origin) {}

    /** {@code __SO_ACCEPTCON} in the Flags column of /proc/net/unix: a listening socket. */
    private static final int LISTENING = 0x10000;

    private EngineSockets() {}

    public static List<Endpoint> find(EngineConfig config) {
        Map<String, Endpoint> bySocketIdentity = new LinkedHashMap<>();
        Path hostRoot = Discovery.hostRoot(config.procRoot()).orElse(null);
        explicitOrDefault(EngineKind.CRI, config.criSockets(), EngineConfig.DEFAULT_CRI_SOCKETS, hostRoot,
                bySocketIdentity);
        explicitOrDefault(EngineKind.CONTAINERD, config.containerdSockets(), EngineConfig.DEFAULT_CONTAINERD_SOCKETS,
                hostRoot, bySocketIdentity);
        explicitOrDefault(EngineKind.DOCKER, config.dockerSockets(), EngineConfig.DEFAULT_DOCKER_SOCKETS,
                hostRoot, bySocketIdentity);
        if (config.autodetect()) {
            for (Endpoint found : autodetect(config.procRoot())) {
                bySocketIdentity.putIfAbsent(key(found.engine(), found.socket()), found);
            }
        }
        return List.copyOf(bySocketIdentity.values());
    }

    private static void explicitOrDefault(EngineKind engine, List<Path> explicit, List<Path> defaults, Path hostRoot,
            Map<String, Endpoint> found) {
        if (!explicit.isEmpty()) {
            explicit.forEach(socket -> found.putIfAbsent(key(engine, socket), new Endpoint(engine, socket, Origin.EXPLICIT)));
            return;
        }
        for (Path socket : defaults) {
            Path reachable = hostRoot == null ? (Files.exists(socket) ? socket : null) : reachable(hostRoot, socket.toString());
            if (reachable != null) {
                found.putIfAbsent(key(engine, reachable), new Endpoint(engine, reachable, Origin.DEFAULT));
            }
        }
    }

    /**
     * The listening unix sockets of dockerd and containerd processes: of those that run as root in
     * the host's own mount, PID and user namespaces, since anyone can start a process by that name
     * (even the real binary, unprivileged, with made-up containers labelled as any pod).
     */
    static List<Endpoint> autodetect(Path procRoot) {
        List<Endpoint> found = new ArrayList<>();
        Map<String, String> host = namespaceLinks(procRoot.resolve("2"));
        if (host.size() < HOST_NAMESPACES.size()) {
            return found; // the host's namespaces cannot be told (not its PID namespace, or not root)
        }
        try (Stream<Path> entries = Files.list(procRoot)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                List<EngineKind> engines = enginesOf(dir);
                if (!engines.isEmpty() && runsAsTheHost(dir, host)) {
                    for (String path : listeningSockets(dir)) {
                        for (EngineKind engine : engines) {
                            Path reachable = isApiSocket(engine, path) ? reachable(dir.resolve("root"), path) : null;
                            if (reachable != null) {
                                found.add(new Endpoint(engine, reachable, Origin.DETECTED));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            // no procfs to look at: nothing to autodetect
        }
        return found;
    }

    private static final List<String> HOST_NAMESPACES = List.of("mnt", "pid", "user");

    private static Map<String, String> namespaceLinks(Path processDir) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String type : HOST_NAMESPACES) {
            try {
                links.put(type, Files.readSymbolicLink(processDir.resolve("ns").resolve(type)).toString());
            } catch (IOException e) {
                // unreadable: left out
            }
        }
        return links;
    }

    /** Runs as root, in the host's mount, PID and user namespaces, from a file root owns. */
    private static boolean runsAsTheHost(Path processDir, Map<String, String> host) {
        try {
            return ((Number) Files.getAttribute(processDir, "unix:uid")).intValue() == 0
                    && ((Number) Files.getAttribute(processDir.resolve("exe"), "unix:uid")).intValue() == 0
                    && namespaceLinks(processDir).equals(host);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The APIs a process may serve: containerd serves its own and (with its CRI plugin) the CRI. */
    private static List<EngineKind> enginesOf(Path processDir) {
        try {
            String comm = Files.readString(processDir.resolve("comm")).strip();
            return switch (comm) {
                case "dockerd" -> List.of(EngineKind.DOCKER);
                case "containerd" -> List.of(EngineKind.CRI, EngineKind.CONTAINERD);
                case "crio" -> List.of(EngineKind.CRI);
                default -> List.of();
            };
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Paths of the unix sockets this process listens on. */
    static List<String> listeningSockets(Path processDir) {
        Set<Long> ownSockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(processDir.resolve("fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        ownSockets.add(Long.parseLong(link.substring(8, link.length() - 1)));
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed meanwhile
                }
            }
            List<String> paths = new ArrayList<>();
            for (String line : Files.readAllLines(processDir.resolve("net/unix"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 8 || !fields[0].endsWith(":")) {
                    continue;
                }
                try {
                    boolean listening = (Integer.parseInt(fields[3], 16) & LISTENING) != 0;
                    if (listening && ownSockets.contains(Long.parseLong(fields[6])) && fields[7].startsWith("/")) {
                        paths.add(fields[7]);
                    }
                } catch (NumberFormatException e) {
                    // the header line
                }
            }
            return paths;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * containerd also listens for ttrpc (shims) and debug, dockerd for metrics and libnetwork; those
     * are not their APIs. What remains is still a guess, probed before use.
     */
    private static boolean isApiSocket(EngineKind engine, String path) {
        return engine == EngineKind.DOCKER
                ? path.endsWith(".sock") && !path.endsWith("metrics.sock") && !path.contains("/libnetwork/")
                : !path.endsWith(".ttrpc") && !path.contains("debug") && !path.contains("shim");
    }

    /**
     * {@code path} as a process with root directory {@code root} sees it, reachable from here: the
     * plain path where that is the same file, else the path resolved inside {@code root}; null where
     * there is no such file.
     */
    private static Path reachable(Path root, String path) {
        Path inside;
        try {
            inside = InRoot.resolve(root, path);
        } catch (IOException e) {
            return null;
        }
        Path direct = Path.of(path);
        return identity(direct).equals(identity(inside)) ? direct : inside;
    }

    /** One API on one socket: containerd's socket serves two (its own and the CRI), each asked once. */
    private static String key(EngineKind engine, Path socket) {
        return engine + ":" + identity(socket);
    }

    /** Device and inode of a socket file, so one socket reached by two paths counts once. */
    private static String identity(Path socket) {
        try {
            var attributes = Files.readAttributes(socket, "unix:dev,ino");
            return attributes.get("dev") + ":" + attributes.get("ino");
        } catch (IOException | UnsupportedOperationException e) {
            return socket.toString();
        }
    }
}
