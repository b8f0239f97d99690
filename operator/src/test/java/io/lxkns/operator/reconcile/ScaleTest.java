package io.lxkns.operator.reconcile;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.own;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1,000 nodes of 100 pods each, through the pruned caches and the analysis: the ClusterNamespaces
 * status stays under 512 KiB. The heap the caches take is printed for docs/benchmarks.md; it is a
 * measurement, not an assertion.
 */
class ScaleTest {
    private static final int NODES = 1000;
    private static final int PODS_PER_NODE = 100;

    @Test
    void aThousandNodesOfAHundredPodsEach() {
        long before = usedHeap();
        PrunedStore<NodeNamespaces> reports = PrunedStore.nodeNamespaces();
        PrunedStore<Pod> pods = PrunedStore.pods();
        PrunedStore<Node> nodes = PrunedStore.nodes();
        Instant now = Instant.now();
        for (int n = 0; n < NODES; n++) {
            String node = "node-" + n;
            nodes.put(node, Fixtures.node(node));
            List<PodEntry> entries = new ArrayList<>();
            List<NamespaceEntry> namespaces = new ArrayList<>();
            for (int p = 0; p < PODS_PER_NODE; p++) {
                String name = "app-" + n + "-" + p;
                Pod pod = Fixtures.on(node, Fixtures.isolatedPod("team-" + (p % 10), name));
                pod.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied-configuration", "x".repeat(2000));
                pods.put(name, pod);
                int base = 1000 + (n * PODS_PER_NODE + p) * 10;
                // Every fifth pod is in the host's PID namespace without hostPID: 20,000 findings.
                var podNamespaces = p % 5 == 0 ? Fixtures.with(own(base), "pid", Fixtures.HOST.get("pid")) : own(base);
                entries.add(entry(pod.getMetadata().getNamespace(), name, podNamespaces, podNamespaces));
                namespaces.add(new NamespaceEntry("net:[" + base + "]", "net", List.of("proc"), "user:[5]", null, 2,
                        new NodeNamespacesStatus.Leader(42, "pause"), null, List.of("sbx", "app"), List.of(name)));
            }
            NodeNamespaces report = Fixtures.report(node, now, entries, List.of());
            NodeNamespacesStatus s = report.getStatus();
            report.setStatus(new NodeNamespacesStatus(s.node(), s.observedAt(), s.discoveryDurationMs(), s.summary(),
                    s.initialNamespaces(), namespaces, s.pods(), s.findings(), s.conditions()));
            report.getMetadata().setManagedFields(List.of(new io.fabric8.kubernetes.api.model.ManagedFieldsEntry()));
            reports.put(node, report);
        }
        long cached = usedHeap() - before;

        ClusterAnalysis.Result result = null;
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long start = System.nanoTime();
            result = ClusterAnalysis.analyze(nodes.values().toList(), pods.values().toList(),
                    reports.values().toList(), now, ClusterAnalysis.Settings.defaults(), "scale");
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        ClusterNamespaces cluster = new ClusterNamespaces();
        cluster.setMetadata(new ObjectMetaBuilder().withName(ClusterNamespaces.SINGLETON).build());
        cluster.setStatus(result.status());
        int size = new KubernetesSerialization().asJson(cluster).getBytes(StandardCharsets.UTF_8).length;

        assertThat(result.status().podsObserved()).isEqualTo(NODES * PODS_PER_NODE);
        assertThat(result.status().nodes().reporting()).isEqualTo(NODES);
        assertThat(result.status().findingsTotal()).isEqualTo(NODES * PODS_PER_NODE / 5);
        assertThat(result.status().findings()).hasSize(200);
        assertThat(size).as("ClusterNamespaces bytes").isLessThan(512 * 1024);
        assertThat(reports.values()).allMatch(r -> r.getStatus().namespaces() == null && r.getMetadata().getManagedFields().isEmpty());
        assertThat(pods.values()).allMatch(p -> p.getMetadata().getAnnotations().isEmpty() && p.getSpec().getContainers().isEmpty());
        System.out.printf("operator scale: %d nodes x %d pods: caches take %d MiB of heap; ClusterNamespaces %d KiB "
                + "with %d of %d findings listed; one analysis %d ms (fastest of 5)%n", NODES, PODS_PER_NODE,
                cached / (1024 * 1024), size / 1024, result.status().findings().size(), result.status().findingsTotal(),
                fastest / 1_000_000);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
