package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.CriPods;
import io.lxkns.agent.engines.EngineConfig;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.Engines;
import io.lxkns.agent.engines.PrivateCri;
import io.lxkns.agent.node.Correlator;
import io.lxkns.agent.node.EngineSource;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.report.NodeFindings;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pods made exactly as the kubelet makes them, through the CRI of a private containerd (its CRI
 * plugin on, CNI from Debian), seen by lxkns through the CRI: identities, sandboxes, namespace modes,
 * one entry per container although containerd's own API lists them too, and who left a netns.
 */
class CriPodsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "cri-test";
    private static PrivateCri cri;
    private static CriPods pods;
    private static final Map<String, String> SANDBOXES = new java.util.TreeMap<>();

    @BeforeAll
    static void pods() throws IOException {
        cri = new PrivateCri("cri-pods");
        pods = cri.pods();
        SANDBOXES.put("web", pods.runPod(NAMESPACE, "web", "uid-web", CriPods.defaultPod()));
        pods.runContainer(SANDBOXES.get("web"), "nginx");
        SANDBOXES.put("router", pods.runPod(NAMESPACE, "router", "uid-router", CriPods.hostNetwork()));
        pods.runContainer(SANDBOXES.get("router"), "bird");
        SANDBOXES.put("monitor", pods.runPod(NAMESPACE, "monitor", "uid-monitor", CriPods.hostPid()));
        pods.runContainer(SANDBOXES.get("monitor"), "top");
        SANDBOXES.put("shared", pods.runPod(NAMESPACE, "shared", "uid-shared", CriPods.sharedPid()));
        pods.runContainer(SANDBOXES.get("shared"), "app");
        pods.runContainer(SANDBOXES.get("shared"), "sidecar");
        SANDBOXES.put("ipc", pods.runPod(NAMESPACE, "ipc", "uid-ipc", CriPods.hostIpc()));
        pods.runContainer(SANDBOXES.get("ipc"), "shm");
    }

    @AfterAll
    static void stop() throws IOException {
        if (cri != null) {
            cri.close();
        }
    }

    /** The CRI and containerd's own API, on the same socket: as on every containerd node. */
    private static EngineConfig bothApis() {
        return EngineConfig.only(List.of(cri.socket()), List.of(cri.socket()), List.of());
    }

    private static String[] engineArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--cri-socket", cri.socket().toString(), "--containerd-socket", cri.socket().toString(),
                "--no-engine-autodetect"));
        return all.toArray(String[]::new);
    }

    private static List<JsonNode> ours(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.path("pod").path("namespace").asText().equals(NAMESPACE)).toList();
    }

    @Test
    void podsComeFromTheCriWithTheirModesAndEachContainerOnce() throws Exception {
        Cli cli = Cli.run(engineArgs("ls", "-o", "json"));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode json = JSON.readTree(cli.out());

        List<JsonNode> containers = ours(json.path("containers"));
        // 5 sandboxes and 6 app containers, every one through the CRI, none twice.
        containers = containers.stream().filter(c -> SANDBOXES.containsKey(c.path("pod").path("name").asText())).toList();
        assertThat(containers).hasSize(11).allSatisfy(c -> assertThat(c.path("engine").asText()).isEqualTo("cri"));
        Set<String> ids = new HashSet<>();
        json.path("containers").forEach(c -> assertThat(ids.add(c.path("id").asText())).as("listed once").isTrue());
        assertThat(containers).filteredOn(c -> c.path("pod").path("sandbox").asBoolean())
                .extracting(c -> c.path("id").asText()).containsExactlyInAnyOrderElementsOf(SANDBOXES.values());
        assertThat(containers).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("nginx");
            assertThat(c.path("pod").path("name").asText()).isEqualTo("web");
            assertThat(c.path("pod").path("uid").asText()).isEqualTo("uid-web");
            assertThat(c.path("pid").asInt()).isEqualTo(pods.containerPid(pods.containerIds(SANDBOXES.get("web")).get(0)));
        });
        assertThat(json.path("engines")).extracting(e -> e.path("engine").asText()).containsExactly("cri", "containerd");

        Map<String, JsonNode> sandboxes = new java.util.HashMap<>();
        ours(json.path("sandboxes")).forEach(s -> sandboxes.put(s.path("pod").path("name").asText(), s));
        assertThat(sandboxes).containsKeys("web", "router", "monitor", "shared", "ipc");
        sandboxes.keySet().retainAll(List.of("web", "router", "monitor", "shared", "ipc")); // others: other tests' pods
        assertThat(sandboxes.values()).allSatisfy(s -> {
            assertThat(s.path("state").asText()).isEqualTo("ready");
            assertThat(s.path("runtime").asText()).startsWith("containerd ");
            assertThat(s.path("pid").asInt()).isPositive();
            assertThat(s.path("modes").path("user").isNull()).as("containerd 1.6 does not say").isTrue();
        });
        assertThat(modes(sandboxes.get("web"))).isEqualTo("pod/container/pod");
        assertThat(modes(sandboxes.get("router"))).isEqualTo("node/container/pod");
        assertThat(modes(sandboxes.get("monitor"))).isEqualTo("pod/node/pod");
        assertThat(modes(sandboxes.get("shared"))).isEqualTo("pod/pod/pod");
        assertThat(modes(sandboxes.get("ipc"))).isEqualTo("pod/container/node");
        assertThat(sandboxes.get("web").path("netnsPath").asText()).startsWith("/var/run/netns/cni-");
        assertThat(sandboxes.get("router").path("netnsPath").isNull()).isTrue();
    }

    private static String modes(JsonNode sandbox) {
        JsonNode modes = sandbox.path("modes");
        return modes.path("net").asText() + "/" + modes.path("pid").asText() + "/" + modes.path("ipc").asText();
    }

    @Test
    void theNodesReportCarriesTheSandboxesAndFindsNoMismatchInPodsAsAsked() throws Exception {
        Cli cli = Cli.run(engineArgs("agent", "--dry-run", "--node-name", "cri-node", "-o", "json"));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode status = JSON.readTree(cli.out()).path("status");

        List<JsonNode> entries = StreamSupport.stream(status.path("pods").spliterator(), false)
                .filter(p -> p.path("namespace").asText().equals(NAMESPACE)).toList();
        entries = entries.stream().filter(p -> SANDBOXES.containsKey(p.path("name").asText())).toList();
        assertThat(entries).hasSize(5).allSatisfy(p -> {
            assertThat(p.path("sandbox").path("state").asText()).isEqualTo("ready");
            assertThat(p.path("containers")).allSatisfy(c -> assertThat(c.path("engine").asText()).isEqualTo("cri"));
        });
        JsonNode router = entries.stream().filter(p -> p.path("name").asText().equals("router")).findFirst().orElseThrow();
        assertThat(router.path("sandbox").path("modes").path("net").asText()).isEqualTo("node");
        assertThat(router.path("hostNamespaces").toString()).contains("net");
        JsonNode monitor = entries.stream().filter(p -> p.path("name").asText().equals("monitor")).findFirst().orElseThrow();
        assertThat(monitor.path("hostNamespaces").toString()).contains("pid");
        assertThat(status.path("findings")).noneMatch(f -> f.path("type").asText().equals(Findings.NAMESPACE_MODE_MISMATCH));
        assertThat(status.path("conditions")).anySatisfy(c -> {
            assertThat(c.path("type").asText()).isEqualTo("Engine-cri");
            assertThat(c.path("status").asText()).isEqualTo("True");
        });
    }

    @Test
    void lsPodsShowsTheRuntimeTheSandboxStateAndTheModes() {
        Cli cli = Cli.run(engineArgs("ls", "--pods"));
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("RUNTIME", "STATE", "NETNS PATH");
        String router = cli.out().lines().filter(l -> l.startsWith(NAMESPACE + "/router ") && l.contains(" ready "))
                .findFirst().orElseThrow(() -> new AssertionError("no sandbox row for router in\n" + cli.out()));
        assertThat(router).contains("containerd", " node ");
        assertThat(cli.out()).contains(NAMESPACE + "/web", "nginx", "POD (sandbox)", "cri");
    }

    @Test
    void aPodStartedIsFollowedWithoutAnEventStream() throws Exception {
        try (Engines followed = Engines.follow(EngineConfig.only(List.of(cri.socket()), List.of(), List.of()), () -> { })) {
            assertThat(followed.awaitFirstAnswers(java.time.Duration.ofSeconds(10))).isTrue();
            long started = System.nanoTime();
            String late = pods.runPod(NAMESPACE, "late", "uid-late", CriPods.defaultPod());
            try {
                String app = pods.runContainer(late, "app");
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (Correlator.containers(followed.snapshot()).stream().noneMatch(c -> c.id().equals(app))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Container found = Correlator.containers(followed.snapshot()).stream().filter(c -> c.id().equals(app))
                        .findFirst().orElseThrow(() -> new AssertionError("the new pod's container never arrived"));
                assertThat(found.engine()).isEqualTo(EngineKind.CRI);
                assertThat(found.pod().qualifiedName()).isEqualTo(NAMESPACE + "/late");
                System.out.printf("CRI pod started -> its container in the tracker: %.0f ms (polling; pod start included)%n",
                        (System.nanoTime() - started) / 1e6);
            } finally {
                pods.removePod(late);
            }
        }
    }

    @Test
    void aNetnsLeftBehindNamesThePodThatLeftIt() throws Exception {
        String sandbox = pods.runPod(NAMESPACE, "leaky", "uid-leaky", CriPods.defaultPod());
        pods.runContainer(sandbox, "app");
        Path netns = pods.netnsPath(sandbox).orElseThrow();
        Path keep = Files.createDirectories(Path.of("/run/netns")).resolve(Sh.uniqueName("lxkns-keep"));
        NodeObserver observer = new NodeObserver(DiscoveryOptions.full(), EngineSource.listOnce(bothApis()));
        try {
            observer.observe(); // the observer sees the pod in its netns
            Files.createFile(keep);
            Sh.run("mount", "--bind", netns.toString(), keep.toString()); // what a faulty plugin would do
            pods.removePod(sandbox);

            NodeView after = observer.observe();
            assertThat(leakAt(after, keep)).satisfies(f -> {
                assertThat(f.pod()).isEqualTo(NAMESPACE + "/leaky");
                assertThat(f.message()).contains("made for pod " + NAMESPACE + "/leaky", sandbox.substring(0, 12),
                        netns.toString(), "gone since");
            });
        } finally {
            quietly("umount", "-l", keep.toString());
            Files.deleteIfExists(keep);
            if (pods.sandboxIds().contains(sandbox)) {
                pods.removePod(sandbox);
            }
        }
    }

    @Test
    void aNetnsTheRuntimeFailedToRemoveNamesItsNotReadyPodWithoutMemory() throws Exception {
        String sandbox = pods.runPod(NAMESPACE, "stale", "uid-stale", CriPods.defaultPod());
        Path netns = pods.netnsPath(sandbox).orElseThrow();
        Path keep = Files.createDirectories(Path.of("/run/netns")).resolve(Sh.uniqueName("lxkns-keep"));
        try {
            Files.createFile(keep);
            Sh.run("mount", "--bind", netns.toString(), keep.toString());
            pods.stopPod(sandbox); // containerd tears the netns down and removes its file
            // ... as if it had failed to: the same namespace back at the path it made.
            if (!Files.exists(netns)) {
                Files.createFile(netns);
            }
            Sh.run("mount", "--bind", keep.toString(), netns.toString());
            Sh.run("umount", keep.toString());

            NodeView view = new NodeObserver(DiscoveryOptions.full(), EngineSource.listOnce(bothApis())).observe();
            assertThat(leakAt(view, Path.of(netns.toString().replaceFirst("^/var/run/", "/run/")))).satisfies(f -> {
                assertThat(f.pod()).isEqualTo(NAMESPACE + "/stale");
                assertThat(f.message()).contains("the runtime lists as not ready");
            });
        } finally {
            quietly("umount", "-l", netns.toString());
            quietly("umount", "-l", keep.toString());
            Files.deleteIfExists(keep);
            pods.removePod(sandbox);
        }
    }

    /** Clean-up of what a failed test may not have made. */
    private static void quietly(String... command) {
        try {
            Sh.run(command);
        } catch (IllegalStateException e) {
            // not there
        }
    }

    private static Finding leakAt(NodeView view, Path mount) {
        return NodeFindings.of(view).stream()
                .filter(f -> f.type().equals(Findings.LEAKED) && f.message().contains(mount.toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no leak at " + mount + " in " + NodeFindings.of(view)));
    }
}
