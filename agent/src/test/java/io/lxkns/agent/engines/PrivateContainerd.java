package io.lxkns.agent.engines;

import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A containerd of the test's own: own socket, root and state, the CRI plugin off ({@link PrivateCri}
 * turns it on). It never touches an engine the machine runs. Sockets live under /run (a unix
 * socket path must stay below 108 bytes, which a checkout's target/ directory may not); data lives
 * under target/.
 */
public final class PrivateContainerd implements AutoCloseable {
    private final Path runDir;
    private final Path dataDir;
    private final Path socket;
    private final Path config;
    private Process process;

    public PrivateContainerd(String name) throws IOException {
        this(name, (dataDir, runDir) -> null);
    }

    /**
     * With the CRI plugin on when {@code criPlugin}, given this containerd's data and run
     * directories, answers the TOML of the plugin's section; off when it answers null.
     */
    PrivateContainerd(String name, BiFunction<Path, Path, String> criPlugin) throws IOException {
        String unique = name + "-" + ProcessHandle.current().pid();
        runDir = Files.createDirectories(Path.of("/run/lxkns-test", unique));
        dataDir = Files.createDirectories(Path.of("target/engines", unique).toAbsolutePath());
        socket = runDir.resolve("containerd.sock");
        config = dataDir.resolve("containerd.toml");
        String cri = criPlugin.apply(dataDir, runDir);
        Files.writeString(config, """
                version = 2
                root = "%s"
                state = "%s"
                disabled_plugins = %s
                [grpc]
                  address = "%s"
                [ttrpc]
                  address = "%s.ttrpc"
                [debug]
                  address = ""
                [metrics]
                  address = ""
                """.formatted(dataDir.resolve("root"), runDir.resolve("state"),
                        cri == null ? "[\"io.containerd.grpc.v1.cri\"]" : "[]", socket, socket)
                + (cri == null ? "" : cri));
        start();
    }

    public Path socket() {
        return socket;
    }

    /** Where this containerd keeps its root, config and log (under target/). */
    Path dataDir() {
        return dataDir;
    }

    /** Its own directory under /run, for state and sockets. */
    Path runDir() {
        return runDir;
    }

    /** Waits until {@code probe} succeeds; fails with the daemon's log when it exits or never answers. */
    void awaitAnswer(String what, Duration limit, Runnable probe) throws IOException {
        Engine.awaitAnswer(what, process, dataDir.resolve("containerd.log"), limit, probe);
    }

    /** Starts (or restarts) the daemon and waits until it answers. */
    public void start() throws IOException {
        process = new ProcessBuilder("containerd", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("containerd.log").toFile())
                .start();
        Engine.awaitAnswer("containerd", process, dataDir.resolve("containerd.log"), Duration.ofSeconds(20),
                () -> Sh.run("ctr", "-a", socket.toString(), "version"));
    }

    /** Stops the daemon; its containers' shims keep running, as with a real containerd restart. */
    public void stop() {
        Engine.terminate(process);
    }

    /** {@code ctr} against this containerd in one of its namespaces. */
    public String ctr(String namespace, String... args) {
        String[] command = new String[args.length + 5];
        command[0] = "ctr";
        command[1] = "-a";
        command[2] = socket.toString();
        command[3] = "-n";
        command[4] = namespace;
        System.arraycopy(args, 0, command, 5, args.length);
        return Sh.run(command);
    }

    /** Runs {@code sleep} from a busybox rootfs as container {@code id}, with labels and shared namespaces. */
    public int run(String namespace, String id, List<String> labels, List<String> joinNamespaces) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--rootfs"));
        labels.forEach(label -> args.addAll(List.of("--label", label)));
        joinNamespaces.forEach(ns -> args.addAll(List.of("--with-ns", ns)));
        args.addAll(List.of(Engine.busyboxRootfs().toString(), id, "/bin/sleep", "600"));
        ctr(namespace, args.toArray(String[]::new));
        return taskPid(namespace, id);
    }

    public int taskPid(String namespace, String id) {
        for (String line : ctr(namespace, "tasks", "ls").lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals(id)) {
                return Integer.parseInt(fields[1]);
            }
        }
        throw new IllegalStateException("no task " + namespace + "/" + id + " in containerd at " + socket);
    }

    /** Kills and removes a container; tolerates one that is already gone. */
    public void remove(String namespace, String id) {
        for (String[] step : List.of(new String[] {"tasks", "kill", "-s", "KILL", id},
                new String[] {"tasks", "rm", "-f", id}, new String[] {"containers", "rm", id})) {
            try {
                ctr(namespace, step);
            } catch (IllegalStateException e) {
                // not there (any more)
            }
            if (step[1].equals("kill")) {
                Engine.sleep(200);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            for (String namespace : ctr("default", "namespaces", "ls", "-q").lines().map(String::strip).toList()) {
                for (String id : ctr(namespace, "containers", "ls", "-q").lines().map(String::strip).toList()) {
                    if (!id.isEmpty()) {
                        remove(namespace, id);
                    }
                }
            }
        }
        stop();
        Engine.killShimsOf(socket);
        Engine.deleteTree(runDir);
    }
}
