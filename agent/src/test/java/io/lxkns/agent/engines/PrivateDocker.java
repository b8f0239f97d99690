package io.lxkns.agent.engines;

import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A dockerd of the test's own on top of a {@link PrivateContainerd}: own socket (under {@code
 * /var/run}), data and exec roots, no bridge, no iptables, an empty daemon.json. Its image is a busybox rootfs imported with
 * {@code docker import}; no registry is needed.
 */
public final class PrivateDocker implements AutoCloseable {
    public static final String IMAGE = "lxkns-test/busybox:latest";

    private final Path runDir;
    private final Path socket;
    private final Process process;

    public PrivateDocker(String name, PrivateContainerd containerd) throws IOException {
        String unique = name + "-" + ProcessHandle.current().pid();
        runDir = Files.createDirectories(Path.of("/run/lxkns-test", unique));
        Path dataDir = Files.createDirectories(Path.of("target/engines", unique).toAbsolutePath());
        // Bound through /var/run, a symlink to /run as on real hosts (dockerd's default is
        // /var/run/docker.sock): the kernel shows that path in /proc/net/unix, and lxkns must
        // resolve it inside dockerd's root, not its own.
        socket = Path.of("/var/run/lxkns-test", unique, "docker.sock");
        Path daemonJson = Files.writeString(dataDir.resolve("daemon.json"), "{}");
        Path log = dataDir.resolve("dockerd.log");
        process = new ProcessBuilder("dockerd",
                "--config-file", daemonJson.toString(),
                "--data-root", dataDir.resolve("data").toString(),
                "--exec-root", runDir.resolve("exec").toString(),
                "--pidfile", runDir.resolve("docker.pid").toString(),
                "--host", "unix://" + socket,
                "--containerd", containerd.socket().toString(),
                "--bridge=none", "--iptables=false", "--ip6tables=false")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Engine.awaitAnswer("dockerd", process, log, Duration.ofSeconds(60), () -> docker("version"));
        Sh.run("sh", "-c", "tar -C " + Engine.busyboxRootfs() + " -c . | docker --host unix://" + socket
                + " import - " + IMAGE);
    }

    public Path socket() {
        return socket;
    }

    public String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "--host", "unix://" + socket));
        command.addAll(List.of(args));
        return Sh.run(command.toArray(String[]::new)).strip();
    }

    /** The host PID of a running container's init process. */
    public int pid(String container) {
        return Integer.parseInt(docker("inspect", "-f", "{{.State.Pid}}", container));
    }

    @Override
    public void close() throws IOException {
        String all = docker("ps", "-aq");
        if (!all.isBlank()) {
            List<String> command = new ArrayList<>(List.of("rm", "-f"));
            command.addAll(all.lines().toList());
            docker(command.toArray(String[]::new));
        }
        Engine.terminate(process);
        Engine.deleteTree(runDir);
    }
}
