package io.lxkns.agent.engines;

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
 * Where the engines listen: explicit sockets, the well-known paths (also through {@code
 * /proc/1/root} when lxkns runs in a container that shares the host's PID namespace), and the
 * listening unix sockets of running {@code dockerd} and {@code containerd} processes ({@code
 * /proc/PID/net/unix} intersected with the process's socket fds). The same socket found twice is
 * used once.
 */
public final class EngineSockets {
    /** How a socket was found: a named socket must answer; a guess that does not is dropped quietly. */
    public enum Origin { EXPLICIT, DEFAULT, DETECTED }

    /** One socket to ask. */
    public record Endpoint(String engine, Path socket, Origin origin) {}

    /** {@code __SO_ACCEPTCON} in the Flags column of /proc/net/unix: a listening socket. */
    private static final int LISTENING = 0x10000;

    private EngineSockets() {}

    public static List<Endpoint> find(EngineConfig config) {
        Map<String, Endpoint> bySocketIdentity = new LinkedHashMap<>();
        explicitOrDefault(Container.CONTAINERD, config.containerdSockets(), EngineConfig.DEFAULT_CONTAINERD_SOCKETS,
                config.procRoot(), bySocketIdentity);
        explicitOrDefault(Container.DOCKER, config.dockerSockets(), EngineConfig.DEFAULT_DOCKER_SOCKETS,
                config.procRoot(), bySocketIdentity);
        if (config.autodetect()) {
            for (Endpoint found : autodetect(config.procRoot())) {
                bySocketIdentity.putIfAbsent(identity(found.socket()), found);
            }
        }
        return List.copyOf(bySocketIdentity.values());
    }

    private static void explicitOrDefault(String engine, List<Path> explicit, List<Path> defaults, Path procRoot,
            Map<String, Endpoint> found) {
        if (!explicit.isEmpty()) {
            explicit.forEach(socket -> found.putIfAbsent(identity(socket), new Endpoint(engine, socket, Origin.EXPLICIT)));
            return;
        }
        for (Path socket : defaults) {
            Path reachable = Files.exists(socket) ? socket : procRoot.resolve("1/root").resolve(socket.toString().substring(1));
            if (Files.exists(reachable)) {
                found.putIfAbsent(identity(reachable), new Endpoint(engine, reachable, Origin.DEFAULT));
            }
        }
    }

    /** The listening unix sockets of dockerd and containerd processes. */
    static List<Endpoint> autodetect(Path procRoot) {
        List<Endpoint> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(procRoot)) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String engine = engineOf(dir);
                if (engine != null) {
                    listeningSockets(dir).stream()
                            .filter(path -> isApiSocket(engine, path))
                            .map(path -> new Endpoint(engine, reachable(dir, path), Origin.DETECTED))
                            .forEach(found::add);
                }
            }
        } catch (IOException e) {
            // no procfs to look at: nothing to autodetect
        }
        return found;
    }

    private static String engineOf(Path processDir) {
        try {
            String comm = Files.readString(processDir.resolve("comm")).strip();
            return switch (comm) {
                case "dockerd" -> Container.DOCKER;
                case "containerd" -> Container.CONTAINERD;
                default -> null;
            };
        } catch (IOException e) {
            return null;
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
    private static boolean isApiSocket(String engine, String path) {
        return engine.equals(Container.DOCKER)
                ? path.endsWith(".sock") && !path.endsWith("metrics.sock") && !path.contains("/libnetwork/")
                : !path.endsWith(".ttrpc") && !path.contains("debug");
    }

    /** The socket as seen by that process, reachable from here: its own path if it is the same file. */
    private static Path reachable(Path processDir, String path) {
        Path direct = Path.of(path);
        Path throughRoot = processDir.resolve("root").resolve(path.substring(1));
        return identity(direct).equals(identity(throughRoot)) ? direct : throughRoot;
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
