package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Spawned;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What an unprivileged tenant (UID 65534 in a user and mount namespace of its own) can do to the
 * node's agent, done at an attacker's scale, and the packaged jar shown to stay prompt, bounded and
 * correct: run as root on the host, like the agent, with the JVM heap the chart's memory limit
 * gives the image (40 % of 192 MiB).
 */
class HostileTenantIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAP = "-Xmx77m";
    /** Doublings of a tree that holds one bind-mounted netns: 2^15 bind mounts of it, about 65,000 mounts. */
    private static final int DOUBLINGS = 15;
    private static final String ESCAPE_NAME = "\u001b[2J\nX";

    @Test
    void aTenantsTrapsNeitherHangNorBloatNorBlankTheAgentsReport() throws Exception {
        Root.require();
        Path dir = Files.createTempDirectory("lxkns-tenant");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        // 1. a netns bind-mounted 2^15 times, held by nothing else (leaked, and a flood);
        // 2. a netns bind-mounted under a directory then hidden by a tmpfs with a named pipe at its
        //    path: mountinfo still lists the mount, the path leads to the pipe;
        // 3. a process whose command name clears the screen and starts a forged row.
        String script = String.join("\n",
                "set -e", "cd " + dir,
                "mkdir flood && mount -t tmpfs t flood && touch flood/net && unshare --net=flood/net true",
                "for i in $(seq 1 " + DOUBLINGS + "); do mkdir flood/s$i; mount --rbind flood flood/s$i; done",
                "mkdir trap && touch trap/ns && unshare --net=trap/ns true",
                "mount -t tmpfs t trap && mkfifo trap/ns",
                "ln -s \"$(command -v sleep)\" \"$(printf '\\033[2J\\nX')\"",
                "exec \"./$(printf '\\033[2J\\nX')\" 600");
        Files.writeString(dir.resolve("trap.sh"), script);
        try (Spawned tenant = Spawned.start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "unshare", "--user", "--map-root-user", "--mount", "--propagation", "private", "sh", dir.resolve("trap.sh").toString())) {
            tenant.awaitProcess(ESCAPE_NAME);

            Run json = run("ls", "-o", "json");
            assertThat(json.exitCode).as("stderr: %s", json.err).isZero();
            JsonNode result = JSON.readTree(json.out);
            JsonNode flooded = namespaceWithBindMount(result, dir.resolve("flood/net"));
            assertThat(flooded.get("bindMounts").size()).as("bind mounts listed").isEqualTo(1000);
            assertThat(flooded.get("unlisted").asInt()).as("bind mounts counted beyond the list")
                    .isGreaterThanOrEqualTo((1 << DOUBLINGS) - 1000);
            JsonNode hidden = namespaceWithBindMount(result, dir.resolve("trap/ns"));
            assertThat(hidden.get("sources").toString()).contains("bindmount");
            assertThat(result.get("warnings").toString()).as("nothing hung").doesNotContain("given up on");

            Run table = run("ls", "-o", "wide");
            assertThat(table.exitCode).isZero();
            assertThat(table.out).as("no raw escape character reaches the terminal").doesNotContain("\u001b")
                    .contains("\\x1b[2J\\x0aX");
            assertThat(table.out.lines()).as("no forged row").noneMatch(line -> line.startsWith("X"));

            Run report = run("agent", "--dry-run", "-o", "json", "--node-name", "tenant-node");
            assertThat(report.exitCode).as("stderr: %s", report.err).isZero();
            assertThat(report.out.getBytes(StandardCharsets.UTF_8).length).as("the object's size").isLessThanOrEqualTo(256 * 1024);
            assertThat(CrdSchema.of("nodenamespaces.lxkns.io").problemsOfText(report.out))
                    .as("what the API server's CRD validation would refuse").isEmpty();
            JsonNode status = JSON.readTree(report.out).get("status");
            assertThat(status.at("/summary/namespaces").asInt()).isPositive();
            assertThat(status.get("namespaces")).as("the report is not blanked").isNotEmpty();
            String leakedId = flooded.get("id").asText();
            JsonNode leaked = find(status.get("findings"), "namespace", leakedId);
            assertThat(leaked.get("type").asText()).isEqualTo("LeakedNamespace");
            assertThat(leaked.get("message").asText().length()).as("a bounded message").isLessThanOrEqualTo(1024);
            assertThat(find(status.get("namespaces"), "id", leakedId).get("bindMounts").size()).isLessThanOrEqualTo(16);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void enginesThatAcceptAndNeverAnswerCostOnlyTheirTimeout() throws Exception {
        Path dir = Files.createTempDirectory("lxkns-silent");
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel docker = silent(dir.resolve("docker.sock"), held);
                ServerSocketChannel containerd = silent(dir.resolve("containerd.sock"), held)) {
            long start = System.nanoTime();
            Run run = run("ls", "--docker-socket", dir.resolve("docker.sock").toString(), "--containerd-socket",
                    dir.resolve("containerd.sock").toString(), "--no-engine-autodetect", "--engine-timeout", "PT1S");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(run.exitCode).as("stderr: %s", run.err).isZero();
            assertThat(run.err).contains("docker at", "containerd at", "not reachable");
            assertThat(run.out.lines().findFirst().orElseThrow()).contains("NS", "TYPE");
            // Not a benchmark: the bound is far above the 1 s timeout, far below the minutes it took.
            assertThat(seconds).as("seconds to list namespaces beside two silent engines").isLessThan(30);
        } finally {
            for (SocketChannel channel : held) {
                channel.close();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A unix socket that accepts every connection and never answers. */
    private static ServerSocketChannel silent(Path socket, List<SocketChannel> held) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accepting = new Thread(() -> {
            try {
                while (true) {
                    SocketChannel client = server.accept();
                    synchronized (held) {
                        held.add(client);
                    }
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        }, "silent-engine");
        accepting.setDaemon(true);
        accepting.start();
        return server;
    }

    private static JsonNode namespaceWithBindMount(JsonNode result, Path path) {
        for (JsonNode ns : result.get("namespaces")) {
            for (JsonNode mount : ns.get("bindMounts")) {
                if (mount.get("path").asText().equals(path.toString())) {
                    return ns;
                }
            }
        }
        throw new AssertionError("no namespace is bind-mounted at " + path);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("nothing with " + field + " " + value + " in " + array);
    }

    private record Run(int exitCode, String out, String err) {}

    /** The packaged jar with the heap the chart's memory limit allows; containers off where not asked for. */
    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), HEAP,
                "-jar", System.getProperty("lxkns.jar")));
        command.addAll(List.of(args));
        if (!command.contains("--docker-socket")) {
            command.add("--no-containers");
        }
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " hung: no end within 120 s");
        }
        return new Run(process.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
