package io.lxkns.operator.analysis;

import static io.lxkns.operator.analysis.Fixtures.HOST;
import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.node;
import static io.lxkns.operator.analysis.Fixtures.on;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.pod;
import static io.lxkns.operator.analysis.Fixtures.report;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.operator.analysis.ClusterAnalysis.PodWarning;
import io.lxkns.operator.analysis.ClusterAnalysis.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Many nodes, each with findings of several kinds: what the analysis makes of them together. */
class ManyNodesTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final int NODES = 40;

    /** Nodes, their pods and reports: every node has warnings and infos, some are stale, missing or invalid. */
    private record Cluster(List<Node> nodes, List<Pod> pods, List<NodeNamespaces> reports) {
        Result analyze() {
            return ClusterAnalysis.analyze(nodes, pods, reports, NOW, ClusterAnalysis.Settings.defaults(), "test");
        }

        Result analyze(int threads) {
            return ClusterAnalysis.analyze(nodes, pods, reports, NOW,
                    new ClusterAnalysis.Settings(Duration.ofMinutes(5), 200, 50, threads), "test");
        }
    }

    private static Cluster cluster() {
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<NodeNamespaces> reports = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            String node = "node-" + n;
            nodes.add(node(node));
            if (n % 13 == 5) {
                continue; // missing
            }
            List<PodEntry> entries = new ArrayList<>();
            int base = 1000;
            // In the host's PID namespace without asking (a warning), and with hostNetwork asked for (an info).
            Map<String, String> hostPid = with(own(base), "pid", HOST.get("pid"));
            entries.add(entry("team-" + n % 3, "a-" + n, hostPid, hostPid));
            pods.add(on(node, isolatedPod("team-" + n % 3, "a-" + n)));
            Map<String, String> hostNet = with(with(own(base + 10), "net", HOST.get("net")), "uts", HOST.get("uts"));
            entries.add(entry("team-" + n % 2, "b-" + n, hostNet, hostNet));
            pods.add(on(node, pod("team-" + n % 2, "b-" + n, true, null, null, null)));
            // Two pods in one network namespace: a warning on each.
            Map<String, String> shared = with(own(base + 20), "net", "net:[" + (base + 30) + "]");
            entries.add(entry("team-1", "c-" + n, own(base + 30), own(base + 30)));
            entries.add(entry("team-0", "d-" + n, shared, shared));
            pods.add(on(node, isolatedPod("team-1", "c-" + n)));
            pods.add(on(node, isolatedPod("team-0", "d-" + n)));
            if (n % 7 == 3) {
                entries.add(entry("team-2", "claimed-" + n, own(base + 40), own(base + 40))); // no such pod
            }
            if (n % 11 == 4) {
                entries.add(entry("team-2", "bad-" + n, with(own(base + 50), "net", "net:[x]"), own(base + 50)));
            }
            Instant observed = n % 9 == 2 ? NOW.minus(Duration.ofMinutes(10)) : NOW;
            reports.add(report(node, observed, entries, List.of()));
        }
        return new Cluster(nodes, pods, reports);
    }

    @Test
    void everyKindOfFindingComesFromTheirNodes() {
        Result result = cluster().analyze();

        assertThat(result.status().findingCounts()).containsOnlyKeys(Findings.HOST_NAMESPACE_UNEXPECTED,
                Findings.HOST_NAMESPACE_REQUESTED, Findings.SHARED_ACROSS_PODS, Findings.UNVERIFIED_POD_CLAIM,
                Findings.INVALID_NODE_REPORT, Findings.STALE_NODE, Findings.MISSING_NODE);
        assertThat(result.status().nodes().missingNodes()).containsExactly("node-18", "node-31", "node-5");
    }

    @Test
    void theEventsFollowTheFindingsOrderAcrossNodes() {
        Result result = cluster().analyze();

        List<Finding> podWarnings = result.observed().findings().stream()
                .filter(f -> f.pod() != null && Findings.WARNING.equals(f.severity())).toList();
        assertThat(podWarnings).hasSizeGreaterThan(NODES);
        assertThat(result.podWarnings()).extracting(PodWarning::finding).containsExactlyElementsOf(podWarnings);
        assertThat(result.podWarnings()).allSatisfy(w -> assertThat(w.finding().pod())
                .isEqualTo(w.pod().getMetadata().getNamespace() + "/" + w.pod().getMetadata().getName()));
    }

    @Test
    void nodesAnalysedOnSeveralThreadsGiveWhatOneThreadGives() {
        Cluster cluster = cluster();

        Result serial = cluster.analyze(1);

        for (int threads : new int[] {2, 4}) {
            assertThat(cluster.analyze(threads)).as(threads + " threads").isEqualTo(serial);
        }
        assertThat(serial.observed().findings()).hasSizeGreaterThan(4 * NODES);
    }
}
