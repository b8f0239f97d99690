package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lxkns.agent.engines.CriPods;
import io.lxkns.agent.engines.PrivateContainerd;
import io.lxkns.agent.engines.PrivateCri;
import io.lxkns.agent.engines.PrivateDocker;
import io.lxkns.agent.engines.SharedEngines;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import io.lxkns.discovery.testing.Spawned;
import io.lxkns.discovery.testing.TestCgroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jar run as the chart deploys it reports what root on the host reports.
 *
 * <p>The "pod" is a container on the test suite's private dockerd with every setting the chart gives
 * the agent (read from the chart: hostPID, capabilities, read-only root, no-new-privileges, UID 0,
 * the runtime's default seccomp, AppArmor unconfined, the memory limit), a private cgroup namespace
 * and network namespace as a pod has, and the image's entry point (read from images/agent.Dockerfile)
 * with the native libraries unpacked as the image has them. Its {@code /tmp} is mounted noexec,
 * stricter than the chart's emptyDir: the image must not need to run code from there. No base image
 * is reachable here, so the host's JDK is mounted read-only into a root of the test's own, whose
 * {@code /etc/passwd} names UID 65534 differently from the host's.
 *
 * <p>Planted: a frozen process, a user namespace created by UID 65534, a Docker container, a
 * containerd pod with the kubelet's labels, and a pod made through the CRI of a second containerd
 * (found in the pod by autodetection, as on a real node). Docker's socket is bound through {@code /var/run}, a
 * symlink to {@code /run} as on real hosts.
 */
@ExtendWith(SharedEngines.class)
class PodFidelityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String POD_IMAGE = "lxkns-test/agent-pod:latest";
    private static final Path JAR = Path.of(System.getProperty("lxkns.jar"));
    private static final String NODE = "fidelity-node";

    @Test
    void theAgentsPodReportsWhatRootOnTheHostReports(SharedEngines engines) throws Exception {
        Root.require();
        assertThat(Files.readSymbolicLink(Path.of("/var/run")).toString())
                .as("/var/run must be a symlink to /run, as on real hosts").isEqualTo("/run");
        PrivateDocker docker = engines.docker();
        PrivateContainerd containerd = engines.containerd();
        List<String> podFlags = chartFlags();
        Path work = Files.createTempDirectory("lxkns-pod");
        String dockerApp = Sh.uniqueName("fid-docker");
        String sandbox = Sh.uniqueName("fid-sbx");
        String app = Sh.uniqueName("fid-app");
        TestCgroup cgroup = new TestCgroup(Sh.uniqueName("lxkns-fidelity"));
        try (PrivateCri cri = new PrivateCri("fid-cri");
                Spawned frozen = Spawned.start("sleep", "300");
                Spawned tenant = Spawned.start("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        "unshare", "--user", "sleep", "300")) {
            try {
                cgroup.add(frozen.pid());
                cgroup.freeze();
                int tenantPid = tenant.awaitProcess("sleep");
                docker.docker("run", "-d", "--name", dockerApp, "--network=none",
                        "--label", "io.kubernetes.pod.namespace=team-a", "--label", "io.kubernetes.pod.name=web",
                        "--label", "io.kubernetes.pod.uid=uid-web", "--label", "io.kubernetes.container.name=app",
                        PrivateDocker.IMAGE, "sleep", "300");
                List<String> pod = List.of("io.kubernetes.pod.namespace=team-b", "io.kubernetes.pod.name=db",
                        "io.kubernetes.pod.uid=uid-db");
                int sandboxPid = containerd.run("k8s.io", sandbox, with(pod, "io.kubernetes.container.name=POD",
                        "io.cri-containerd.kind=sandbox"), List.of());
                containerd.run("k8s.io", app, with(pod, "io.kubernetes.container.name=db",
                        "io.cri-containerd.kind=container"), List.of("network:/proc/" + sandboxPid + "/ns/net"));
                String cache = cri.pods().runPod("team-c", "cache", "uid-cache", CriPods.defaultPod());
                cri.pods().runContainer(cache, "redis");
                List<String> pod0 = podCommand(docker, podFlags, work);

                JsonNode hostBefore = JSON.readTree(onHost("ls", "-o", "json"));
                String podId = create(docker, pod0, "ls", "-o", "json");
                JsonNode inPod = JSON.readTree(startAttached(docker, podId));
                JsonNode hostAfter = JSON.readTree(onHost("ls", "-o", "json"));

                assertSameNode(hostBefore, inPod);
                Set<String> podsOwn = assertSameNamespaces(hostBefore, hostAfter, inPod, podId);
                assertSameProcesses(hostBefore, hostAfter, inPod);
                assertThat(process(inPod, frozen.pid()).get("cgroup").asText()).isEqualTo(cgroup.path());
                assertThat(process(inPod, frozen.pid()).get("frozen").asBoolean()).as("the frozen process").isTrue();
                assertThat(process(inPod, docker.pid(dockerApp)).get("cgroup").asText())
                        .as("a Docker container's cgroup, as the host names it").contains(docker.docker("inspect", "-f", "{{.Id}}", dockerApp));
                assertSameContainers(hostBefore, inPod, podId);
                assertThat(inPod.get("sandboxes")).as("the CRI's sandboxes, found by autodetection in the pod")
                        .isEqualTo(hostBefore.get("sandboxes"))
                        .anySatisfy(s -> assertThat(s.at("/pod/uid").asText()).isEqualTo("uid-cache"));

                String userNs = process(hostBefore, tenantPid).at("/namespaces/user").asText();
                assertThat(treeLine(onHost("tree", "--user"), userNs)).as("host").contains("created by nobody");
                String podTree = startAttached(docker, create(docker, pod0, "tree", "--user"));
                assertThat(treeLine(podTree, userNs)).as("the pod names users as the host does").contains("created by nobody");

                JsonNode hostObject = JSON.readTree(onHost("agent", "--dry-run", "-o", "json", "--node-name", NODE));
                JsonNode podObject = JSON.readTree(startAttached(docker,
                        create(docker, pod0, "agent", "--dry-run", "-o", "json", "--node-name", NODE)));
                assertSameObject(hostObject, podObject, podsOwn);
            } finally {
                cgroup.thaw();
            }
        } finally {
            cleanUp(docker, containerd, dockerApp, sandbox, app, work);
            cgroup.close();
        }
    }

    /** docker flags for every setting the chart gives the agent's pod; a setting the test does not know fails it. */
    private static List<String> chartFlags() throws IOException {
        Path chart = Path.of("..", "charts", "lxkns");
        String template = Files.readString(chart.resolve("templates/agent-daemonset.yaml"));
        JsonNode values = YAML.readTree(chart.resolve("values.yaml").toFile()).get("agent");
        Map<String, String> literalToFlag = new TreeMap<>(Map.of(
                "hostPID: true", "--pid=host",
                "readOnlyRootFilesystem: true", "--read-only",
                "allowPrivilegeEscalation: false", "--security-opt=no-new-privileges",
                "runAsUser: 0", "--user=0:0",
                "privileged: false", "",
                "drop: [\"ALL\"]", "--cap-drop=ALL",
                "mountPath: /tmp", "--tmpfs=/tmp:rw,noexec,nosuid,nodev,size=16m"));
        List<String> flags = new ArrayList<>(List.of("--network=none", "--cgroupns=private"));
        literalToFlag.forEach((literal, flag) -> {
            assertThat(template).as("the chart's agent DaemonSet has %s (PodFidelityIT maps it to '%s')", literal, flag)
                    .contains(literal);
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        });
        values.get("capabilities").forEach(capability -> flags.add("--cap-add=" + capability.asText()));
        assertThat(values.at("/seccompProfile/type").asText()).as("seccomp: the runtime's default, as docker's")
                .isEqualTo("RuntimeDefault");
        assertThat(values.at("/appArmorProfile/type").asText()).isEqualTo("Unconfined");
        flags.add("--security-opt=apparmor=unconfined");
        String memory = values.at("/resources/limits/memory").asText();
        assertThat(memory).endsWith("Mi");
        flags.add("--memory=" + memory.replace("Mi", "m"));
        return flags;
    }

    /**
     * {@code docker} and the arguments up to the image and the image's entry point: the pod's root,
     * the jar and its unpacked native libraries where the image has them, the host's JDK read-only.
     */
    private static List<String> podCommand(PrivateDocker docker, List<String> flags, Path work) throws IOException {
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        for (String dir : List.of("etc", "proc", "sys", "dev", "tmp", "run", "usr", "app/native", "var")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        for (String merged : List.of("bin", "lib", "lib64", "sbin")) {
            Files.createSymbolicLink(rootfs.resolve(merged), Path.of("usr", merged));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnot-the-host:x:65534:65534::/:/bin/false\n");
        Sh.run("sh", "-c", "tar -C " + rootfs + " -c . | docker --host unix://" + docker.socket() + " import - " + POD_IMAGE);

        Path natives = Files.createDirectories(work.resolve("native"));
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (String entry : List.of("com/sun/jna/linux-x86-64/libjnidispatch.so",
                    "META-INF/native/libnetty_transport_native_epoll_x86_64.so")) {
                Files.copy(jar.getInputStream(jar.getEntry(entry)), natives.resolve(Path.of(entry).getFileName()));
            }
        }
        List<String> entrypoint = entrypoint();
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>(flags);
        command.addAll(List.of("--env", "NODE_NAME=" + NODE,
                "--volume", JAR + ":/app/lxkns.jar:ro", "--volume", natives + ":/app/native:ro", "--volume", "/usr:/usr:ro"));
        try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
            // Debian's JDKs keep their configuration under /etc/java-*.
            etc.filter(p -> p.getFileName().toString().startsWith("java-"))
                    .forEach(p -> command.addAll(List.of("--volume", p + ":" + p + ":ro")));
        }
        command.add(POD_IMAGE);
        command.add(java.toString());
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        return command;
    }

    /** The image's ENTRYPOINT, less the class-data archive only the image build makes. */
    private static List<String> entrypoint() throws IOException {
        String dockerfile = Files.readString(Path.of("..", "images", "agent.Dockerfile")).replace("\\\n", " ");
        String line = dockerfile.lines().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        List<String> entrypoint = new ArrayList<>();
        JSON.readTree(line.substring("ENTRYPOINT".length())).forEach(arg -> entrypoint.add(arg.asText()));
        entrypoint.removeIf(arg -> arg.startsWith("-XX:SharedArchiveFile="));
        assertThat(entrypoint).as("the image's entry point").startsWith("java").endsWith("-jar", "/app/lxkns.jar")
                .contains("-Djna.boot.library.path=/app/native");
        return entrypoint;
    }

    /** Creates a pod container that runs {@code lxkns ARGS}; its id (docker may warn before it). */
    private static String create(PrivateDocker docker, List<String> podCommand, String... args) {
        List<String> all = new ArrayList<>(List.of("create"));
        all.addAll(podCommand);
        all.addAll(List.of(args));
        List<String> lines = docker.docker(all.toArray(String[]::new)).lines().toList();
        return lines.get(lines.size() - 1).strip();
    }

    /** Starts a created pod container, returns its stdout; its stderr is kept for the failure message. */
    private static String startAttached(PrivateDocker docker, String id) throws Exception {
        Process process = new ProcessBuilder("docker", "--host", "unix://" + docker.socket(), "start", "-a", id).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("the pod's exit code; its stderr:%n%s", err).isZero();
        assertThat(err).as("the pod's stderr").doesNotContain("Exception", "UnsatisfiedLinkError");
        return out;
    }

    private static String onHost(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s", command).isZero();
        return out;
    }

    private static void assertSameNode(JsonNode host, JsonNode pod) {
        assertThat(pod.get("node")).as("node identity: the host's hostname, not the pod's").isEqualTo(host.get("node"));
        assertThat(pod.at("/node/hostname").asText()).isNotEmpty();
    }

    /**
     * Every namespace both host runs found with the same facts, the pod found with those facts; what
     * only the pod found is the pod's own (its processes are in its container's cgroup).
     *
     * @return the namespaces only the pod found
     */
    private static Set<String> assertSameNamespaces(JsonNode before, JsonNode after, JsonNode pod, String podId) {
        Map<String, JsonNode> first = byId(before.get("namespaces"), "id");
        Map<String, JsonNode> second = byId(after.get("namespaces"), "id");
        Map<String, JsonNode> inPod = byId(pod.get("namespaces"), "id");
        // Containers are compared apart: the pod's own container is in the host's PID and user namespaces.
        List<String> fields = List.of("type", "initial", "sources", "owner", "parent", "ownerUid", "bindMounts");
        int compared = 0;
        for (Map.Entry<String, JsonNode> ns : first.entrySet()) {
            JsonNode again = second.get(ns.getKey());
            if (again == null) {
                continue; // went away during the test: not the same moment
            }
            assertThat(inPod).as("the pod finds %s", ns.getKey()).containsKey(ns.getKey());
            for (String field : fields) {
                if (ns.getValue().get(field).equals(again.get(field))) {
                    assertThat(inPod.get(ns.getKey()).get(field)).as("%s of %s", field, ns.getKey())
                            .isEqualTo(ns.getValue().get(field));
                    compared++;
                }
            }
        }
        assertThat(compared).as("facts compared").isGreaterThan(first.size() * 4);
        Set<String> podsOwn = new HashSet<>(inPod.keySet());
        podsOwn.removeAll(first.keySet());
        podsOwn.removeAll(second.keySet());
        Map<String, JsonNode> processes = byId(pod.get("processes"), "pid");
        for (String id : podsOwn) {
            JsonNode ns = inPod.get(id);
            assertThat(ns.get("leaders")).as("leaders of %s, found only by the pod", id).isNotEmpty();
            for (JsonNode leader : ns.get("leaders")) {
                assertThat(processes.get(leader.asText()).get("cgroup").asText())
                        .as("%s, found only by the pod, is the pod container's own", id).contains(podId);
            }
        }
        return podsOwn;
    }

    /** Processes alive through all three runs (same pid and start time) have the same cgroup, state and namespaces. */
    private static void assertSameProcesses(JsonNode before, JsonNode after, JsonNode pod) {
        Map<String, JsonNode> first = byId(before.get("processes"), "pid");
        Map<String, JsonNode> second = byId(after.get("processes"), "pid");
        Map<String, JsonNode> inPod = byId(pod.get("processes"), "pid");
        int compared = 0;
        for (Map.Entry<String, JsonNode> process : first.entrySet()) {
            JsonNode again = second.get(process.getKey());
            JsonNode seen = inPod.get(process.getKey());
            if (again == null || seen == null || !again.get("starttime").equals(process.getValue().get("starttime"))
                    || !seen.get("starttime").equals(process.getValue().get("starttime"))) {
                continue;
            }
            // Not comm: kernel workers rename themselves as they go; it depends on no namespace either.
            for (String field : List.of("uid", "cgroup", "frozen", "namespaces", "nspids", "container")) {
                if (process.getValue().get(field).equals(again.get(field))) {
                    assertThat(seen.get(field)).as("%s of process %s", field, process.getKey())
                            .isEqualTo(process.getValue().get(field));
                }
            }
            assertThat(seen.get("cgroup").asText()).as("cgroup of %s", process.getKey()).doesNotContain("/..");
            compared++;
        }
        assertThat(compared).as("processes compared").isGreaterThan(first.size() / 2);
    }

    /** The same engines answer, with the same containers and pods; the pod's own container aside. */
    private static void assertSameContainers(JsonNode host, JsonNode pod, String podId) {
        assertThat(engines(pod)).as("engines that answered in the pod").isEqualTo(engines(host))
                .contains("cri", "docker", "containerd");
        Map<String, JsonNode> inHost = byId(host.get("containers"), "id");
        Map<String, JsonNode> inPod = byId(pod.get("containers"), "id");
        inPod.remove(podId);
        assertThat(inPod.keySet()).isEqualTo(inHost.keySet());
        inHost.forEach((id, container) -> assertThat(inPod.get(id)).as("container %s", id).isEqualTo(container));
        assertThat(inHost.values()).as("the planted pods, with their identity")
                .anyMatch(c -> c.toString().contains("uid-web")).anyMatch(c -> c.toString().contains("uid-db"))
                .anyMatch(c -> c.toString().contains("uid-cache"));
    }

    /**
     * The NodeNamespaces the pod would write is the host's, but for the pod's own namespaces (and the
     * time it was observed, and where the engines' sockets were reached).
     */
    private static void assertSameObject(JsonNode host, JsonNode pod, Set<String> podsOwn) {
        assertThat(pod.get("metadata")).isEqualTo(host.get("metadata"));
        JsonNode hostStatus = host.get("status");
        JsonNode podStatus = pod.get("status");
        assertThat(podStatus.get("node")).isEqualTo(hostStatus.get("node"));
        assertThat(podStatus.get("initialNamespaces")).isEqualTo(hostStatus.get("initialNamespaces"));
        assertThat(podStatus.get("pods")).as("pods").isEqualTo(hostStatus.get("pods"));
        assertThat(podStatus.get("findings")).as("findings").isEqualTo(hostStatus.get("findings"));
        Map<String, JsonNode> hostNamespaces = byId(hostStatus.get("namespaces"), "id");
        Map<String, JsonNode> podNamespaces = byId(podStatus.get("namespaces"), "id");
        podNamespaces.keySet().removeAll(podsOwn);
        assertThat(podNamespaces.keySet()).isEqualTo(hostNamespaces.keySet());
        hostNamespaces.forEach((id, ns) -> {
            for (String field : List.of("type", "sources", "owner", "bindMounts", "pods")) {
                assertThat(podNamespaces.get(id).get(field)).as("%s of %s", field, id).isEqualTo(ns.get(field));
            }
        });
        Map<String, String> hostConditions = conditions(hostStatus);
        assertThat(conditions(podStatus)).isEqualTo(hostConditions);
        assertThat(hostConditions).containsKeys("Engine-cri", "Engine-docker", "Engine-containerd");
    }

    private static Map<String, String> conditions(JsonNode status) {
        Map<String, String> byType = new TreeMap<>();
        status.get("conditions").forEach(c -> byType.put(c.get("type").asText(), c.get("status").asText() + "/" + c.get("reason").asText()));
        return byType;
    }

    private static Set<String> engines(JsonNode result) {
        Set<String> up = new HashSet<>();
        result.get("engines").forEach(e -> {
            if (e.get("up").asBoolean()) {
                up.add(e.get("engine").asText());
            }
        });
        return up;
    }

    private static JsonNode process(JsonNode result, long pid) {
        return byId(result.get("processes"), "pid").get(Long.toString(pid));
    }

    private static String treeLine(String tree, String userNamespace) {
        String inode = userNamespace.substring(userNamespace.indexOf('['));
        return tree.lines().filter(line -> line.contains("user:" + inode)).findFirst().orElseThrow(
                () -> new AssertionError(userNamespace + " not in the tree:\n" + tree));
    }

    private static Map<String, JsonNode> byId(JsonNode array, String key) {
        Map<String, JsonNode> byId = new TreeMap<>();
        array.forEach(item -> byId.put(item.get(key).asText(), item));
        return byId;
    }

    private static List<String> with(List<String> labels, String... more) {
        List<String> all = new ArrayList<>(labels);
        all.addAll(List.of(more));
        return all;
    }

    private static void cleanUp(PrivateDocker docker, PrivateContainerd containerd, String dockerApp, String sandbox,
            String app, Path work) throws IOException {
        containerd.remove("k8s.io", app);
        containerd.remove("k8s.io", sandbox);
        String ours = docker.docker("ps", "-aq", "--filter", "ancestor=" + POD_IMAGE);
        List<String> remove = new ArrayList<>(List.of("rm", "-f", dockerApp));
        remove.addAll(ours.lines().filter(l -> !l.isBlank()).toList());
        docker.docker(remove.toArray(String[]::new));
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
