package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lxkns.discovery.testing.Netns;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import io.lxkns.discovery.testing.Spawned;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's capabilities are enough: the packaged jar, run as an unprivileged user holding only
 * the capabilities charts/lxkns/values.yaml lists, finds every namespace root finds, also a netns
 * bind-mounted inside a process-less mount namespace and one held only by a socket.
 */
class LeastPrivilegeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theChartsCapabilitiesFindWhatRootFinds() throws Exception {
        Root.require();
        List<String> capabilities = chartCapabilities();
        Path dir = Files.createTempDirectory("lxkns-least-privilege");
        Path jna = Files.createDirectory(dir.resolve("jna"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path jar = Files.copy(Path.of(System.getProperty("lxkns.jar")), dir.resolve("lxkns.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path privateDir = Files.createTempDirectory("lxkns-lp-private");
        Path mntDir = Files.createTempDirectory("lxkns-lp-mnt");
        Path innerDir = Files.createTempDirectory("lxkns-lp-inner");
        Sh.run("mount", "--bind", mntDir.toString(), mntDir.toString());
        Sh.run("mount", "--make-private", mntDir.toString());
        try (Spawned privateMount = Spawned.start("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none " + privateDir + " && touch " + privateDir + "/ns && unshare --net=" + privateDir
                        + "/ns true && exec sleep 300");
                DatagramChannel socket = Netns.socketInNewNamespace()) {
            privateMount.awaitProcess("sleep");
            Files.createFile(mntDir.resolve("mnt"));
            Sh.run("unshare", "--mount=" + mntDir.resolve("mnt"), "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs none " + innerDir + " && touch " + innerDir + "/net && unshare --net=" + innerDir + "/net true");

            Map<String, JsonNode> asRoot = namespaces(run(List.of(), jar, jna));
            String caps = String.join(",", capabilities.stream().map(c -> "+" + c.toLowerCase()).toList());
            Map<String, JsonNode> unprivileged = namespaces(run(List.of("setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--inh-caps=-all," + caps, "--ambient-caps=-all," + caps,
                    "--bounding-set=-all," + caps), jar, jna));

            assertThat(asRoot.values()).as("the test's namespaces are there")
                    .anyMatch(ns -> ns.get("bindMounts").toString().contains(privateDir + "/ns"))
                    .anyMatch(ns -> ns.get("bindMounts").toString().contains(innerDir + "/net"))
                    .anyMatch(ns -> ns.get("sources").toString().equals("[\"socket\"]"));
            List<String> missing = new ArrayList<>(asRoot.keySet());
            missing.removeAll(unprivileged.keySet());
            assertThat(missing).as("namespaces only root found, with capabilities %s", capabilities).isEmpty();
            for (Map.Entry<String, JsonNode> ns : asRoot.entrySet()) {
                JsonNode other = unprivileged.get(ns.getKey());
                assertThat(other.get("sources")).as("sources of %s", ns.getKey()).isEqualTo(ns.getValue().get("sources"));
                assertThat(other.get("bindMounts")).as("bind mounts of %s", ns.getKey()).isEqualTo(ns.getValue().get("bindMounts"));
                assertThat(other.get("owner")).as("owner of %s", ns.getKey()).isEqualTo(ns.getValue().get("owner"));
            }
        } finally {
            Sh.cleanUp(List.of(new String[] {"umount", mntDir.resolve("mnt").toString()}, new String[] {"umount", mntDir.toString()}));
            for (Path path : List.of(dir, privateDir, mntDir, innerDir)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The capabilities the chart gives the agent, read from its values.yaml. */
    private static List<String> chartCapabilities() throws Exception {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "charts", "lxkns", "values.yaml").toFile());
        List<String> capabilities = new ArrayList<>();
        values.at("/agent/capabilities").forEach(c -> capabilities.add(c.asText()));
        assertThat(capabilities).as("agent.capabilities in charts/lxkns/values.yaml").isNotEmpty();
        return capabilities;
    }

    /**
     * Runs {@code lxkns ls -o json}; containers are left out: the chart's agent runs as UID 0, which
     * owns the engine sockets, while this test's user 65534 could not open them.
     */
    private static String run(List<String> prefix, Path jar, Path jna) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Djna.tmpdir=" + jna, "-jar",
                jar.toString(), "ls", "-o", "json", "--no-containers"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s exit code", command).isZero();
        return out;
    }

    private static Map<String, JsonNode> namespaces(String json) throws Exception {
        Map<String, JsonNode> byId = new TreeMap<>();
        JSON.readTree(json).get("namespaces").forEach(ns -> byId.put(ns.get("id").asText(), ns));
        return byId;
    }
}
