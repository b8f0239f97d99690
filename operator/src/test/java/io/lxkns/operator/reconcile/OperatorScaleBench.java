package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.Fixtures;
import io.lxkns.operator.reports.ReportContent;
import io.lxkns.operator.reports.ReportFormat;
import io.lxkns.operator.reports.ReportPublisher;
import io.lxkns.operator.reports.ReportResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator at scale, for hack/bench-operator (a measurement, never a test): NODES nodes of
 * PODS pods, each object decoded from JSON as the informers decode it and kept in the pruned
 * caches; then full reconciles without the API server (the analysis, the reports' content and
 * every object written), timed, and the heap the caches retain after GC. Prints one JSON line.
 *
 * <p>Run with the heap of the chart's operator: {@code -XX:MaxRAM=1g -XX:MaxRAMPercentage=70}.
 */
public final class OperatorScaleBench {
    private OperatorScaleBench() {}

    public static void main(String[] args) {
        int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int podsPerNode = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int kubernetesNamespaces = 200;
        KubernetesSerialization json = new KubernetesSerialization();

        long before = usedHeap();
        PrunedStore<NodeNamespaces> reports = PrunedStore.nodeNamespaces();
        PrunedStore<Pod> pods = PrunedStore.pods();
        PrunedStore<Node> nodes = PrunedStore.nodes();
        Instant now = Instant.now();
        String podTemplate = json.asJson(podTemplate());
        for (int n = 0; n < nodeCount; n++) {
            String node = "node-" + n;
            nodes.put(node, json.unmarshal(json.asJson(Fixtures.node(node)), Node.class));
            List<PodEntry> entries = new ArrayList<>();
            List<NamespaceEntry> namespaces = new ArrayList<>();
            for (int p = 0; p < podsPerNode; p++) {
                String namespace = "team-" + ((n * podsPerNode + p) % kubernetesNamespaces);
                String name = "app-" + n + "-" + p;
                String podJson = podTemplate.replace("NAMESPACE", namespace).replace("NAME", name)
                        .replace("UID", Fixtures.uid(namespace, name)).replace("NODE", node);
                pods.put(namespace + "/" + name, json.unmarshal(podJson, Pod.class));
                // Inodes count up per node from the same start, so every node has ids the others have too.
                Map<String, String> own = new HashMap<>(Fixtures.HOST);
                List<String> types = List.of("net", "pid", "ipc", "uts", "mnt");
                for (int t = 0; t < types.size(); t++) {
                    own.put(types.get(t), types.get(t) + ":[" + (4026532100L + p * 10L + t) + "]");
                }
                if (p % 5 == 0) { // in the host's PID namespace without hostPID: a finding
                    own.put("pid", Fixtures.HOST.get("pid"));
                }
                entries.add(entry(namespace, name, own));
                for (String type : List.of("net", "ipc", "uts", "pid", "mnt")) {
                    namespaces.add(new NamespaceEntry(own.get(type), type, List.of("proc"), "user:[5]", null, 2,
                            new NodeNamespacesStatus.Leader(1000 + p, "pause"), null, List.of("sbx-" + name),
                            List.of(namespace + "/" + name)));
                }
            }
            NodeNamespaces report = Fixtures.report(node, now, entries, List.of());
            NodeNamespacesStatus s = report.getStatus();
            report.setStatus(new NodeNamespacesStatus(s.node(), s.observedAt(), s.discoveryDurationMs(), s.summary(),
                    s.initialNamespaces(), namespaces, s.pods(), s.findings(), s.conditions()));
            reports.put(node, json.unmarshal(json.asJson(report), NodeNamespaces.class));
        }
        long cached = usedHeap() - before;

        // CPU time of the reconciling thread (and of the threads it has analyse nodes) too: on a shared
        // machine, wall time measures the neighbours.
        // The process's CPU time counts the collector's threads (and any other thread the reconcile uses);
        // the collectors' pause time is what of the wall time the reconciling thread stood still.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] cpu = new long[runs];
        long[] processCpu = new long[runs];
        long[] paused = new long[runs];
        long[] took = new long[runs];
        long[] analysis = new long[runs];
        long[] contents = new long[runs];
        ClusterAnalysis.Result result = null;
        int clusterBytes = 0;
        int largestReport = 0;
        int reportCount = 0;
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            long cpuStart = workCpu(threads);
            long processStart = process.getProcessCpuTime();
            long pausedStart = gcPauses();
            result = ClusterAnalysis.analyze(nodes.values().toList(), pods.values().toList(),
                    reports.values().toList(), now, ClusterAnalysis.Settings.defaults(), "bench");
            analysis[run] = workCpu(threads) - cpuStart;
            ReportContent.Content content = ReportContent.of(result.observed());
            contents[run] = workCpu(threads) - cpuStart - analysis[run];
            // Every object a reconcile writes (the first reconcile writes them all), serialized as sent.
            ClusterNamespaces cluster = new ClusterNamespaces();
            cluster.setMetadata(new ObjectMetaBuilder().withName(ClusterNamespaces.SINGLETON).build());
            cluster.setStatus(result.status());
            clusterBytes = bytes(json, cluster);
            largestReport = 0;
            Map<String, List<ReportResult>> all = new HashMap<>(content.byNamespace());
            all.put("", content.cluster());
            for (Map.Entry<String, List<ReportResult>> report : all.entrySet()) {
                largestReport = Math.max(largestReport, bytes(json, ReportPublisher.object(ReportFormat.OPENREPORTS,
                        report.getKey(), report.getValue(), cluster, now)));
            }
            reportCount = all.size();
            took[run] = System.nanoTime() - start;
            cpu[run] = workCpu(threads) - cpuStart;
            processCpu[run] = process.getProcessCpuTime() - processStart;
            paused[run] = gcPauses() - pausedStart;
        }
        long retained = usedHeap() - before;
        Arrays.sort(took);
        Arrays.sort(cpu);
        Arrays.sort(processCpu);
        Arrays.sort(paused);
        Arrays.sort(analysis);
        Arrays.sort(contents);
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf("{\"nodes\": %d, \"pods\": %d, \"cachesMiB\": %d, \"afterReconcileMiB\": %d, \"maxHeapMiB\": %d,"
                + " \"reconcileMedianMs\": %d, \"reconcileFastestMs\": %d, \"reconcileCpuMedianMs\": %d,"
                + " \"processCpuMedianMs\": %d, \"gcPauseMedianMs\": %d, \"analysisCpuMedianMs\": %d,"
                + " \"reportContentCpuMedianMs\": %d, \"findings\": %d, \"clusterNamespacesKiB\": %d,"
                + " \"reports\": %d, \"largestReportKiB\": %d}%n", nodeCount, nodeCount * podsPerNode,
                cached >> 20, retained >> 20, maxHeap >> 20, took[runs / 2] / 1_000_000, took[0] / 1_000_000, cpu[runs / 2] / 1_000_000,
                processCpu[runs / 2] / 1_000_000, paused[runs / 2], analysis[runs / 2] / 1_000_000, contents[runs / 2] / 1_000_000,
                result.status().findingsTotal(), clusterBytes >> 10, reportCount, largestReport >> 10);
    }

    /** A pod as a node saw it through the CRI: a sandbox and two app containers. */
    private static PodEntry entry(String namespace, String name, Map<String, String> own) {
        String hex = "%064x";
        return new PodEntry(namespace, name, Fixtures.uid(namespace, name), own, null, List.of(
                new PodContainer("POD", String.format(hex, name.hashCode()), "cri", true, 100, own),
                new PodContainer("app", String.format(hex, name.hashCode() + 1L), "cri", false, 101, own),
                new PodContainer("sidecar", String.format(hex, name.hashCode() + 2L), "cri", false, 102, own)),
                new PodSandbox(String.format(hex, name.hashCode()), "containerd 2.1.4", "ready",
                        Map.of("net", "pod", "pid", "container", "ipc", "pod", "user", "node"),
                        "/var/run/netns/cni-" + Fixtures.uid(namespace, name), null, null));
    }

    /** A pod as the API server sends it: labels, a last-applied annotation, two containers, managedFields. */
    private static Pod podTemplate() {
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withNamespace("NAMESPACE").withName("NAME").withUid("UID")
                        .withResourceVersion("123456789").addToLabels("app", "NAME").addToLabels("team", "NAMESPACE")
                        .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"x\":\"" + "y".repeat(1500) + "\"}")
                        .withManagedFields(new io.fabric8.kubernetes.api.model.ManagedFieldsEntry()).build())
                .withNewSpec().withNodeName("NODE")
                .addNewContainer().withName("app").withImage("registry.example/app:1.2.3")
                .addNewEnv().withName("MODE").withValue("production").endEnv().endContainer()
                .addNewContainer().withName("sidecar").withImage("registry.example/proxy:4.5.6").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus()
                .build();
    }

    private static int bytes(KubernetesSerialization json, Object object) {
        return json.asJson(object).getBytes(StandardCharsets.UTF_8).length;
    }

    /** CPU time of this thread and of the threads that analyse nodes for it (NodeThreads names them). */
    private static long workCpu(ThreadMXBean threads) {
        long cpu = threads.getCurrentThreadCpuTime();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().startsWith("lxkns-analysis-")) {
                cpu += threads.getThreadCpuTime(thread.getThreadId());
            }
        }
        return cpu;
    }

    /** Milliseconds all collectors paused the application so far. */
    private static long gcPauses() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> gc.getCollectionTime()).sum();
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
