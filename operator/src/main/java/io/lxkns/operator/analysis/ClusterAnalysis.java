package io.lxkns.operator.analysis;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.ClusterNamespacesStatus.Nodes;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The whole cluster at one moment: what to write, which Events to raise, what to collect. */
public final class ClusterAnalysis {

    /**
     * @param staleAfter a NodeNamespaces older than this makes its node stale
     * @param maxFindings how many findings the status lists (all are counted)
     * @param maxNodeNames how many stale or missing node names the status lists
     * @param threads on how many threads nodes are analysed at once (1: the caller's alone); the
     *     result is the same for any number
     */
    public record Settings(Duration staleAfter, int maxFindings, int maxNodeNames, int threads) {
        /** On as many threads as there are cores, up to four. */
        public Settings(Duration staleAfter, int maxFindings, int maxNodeNames) {
            this(staleAfter, maxFindings, maxNodeNames, NodeThreads.MAX);
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 200, 50);
        }
    }

    /** A warning finding about a pod, for a Warning Event on that pod. */
    public record PodWarning(Pod pod, Finding finding) {}

    /**
     * @param status the ClusterNamespaces status to write
     * @param podWarnings warning findings with their pods, for Events
     * @param orphans names of NodeNamespaces whose Node no longer exists
     */
    public record Result(ClusterNamespacesStatus status, List<PodWarning> podWarnings, List<String> orphans,
            Observed observed) {}

    /**
     * Everything found, unbounded by the ClusterNamespaces list, for the per-namespace reports.
     *
     * @param findings every finding, most severe first
     * @param pods every pod a node observed and the API server places there
     * @param nodeUids each Node's uid by name
     */
    public record Observed(List<Finding> findings, List<ObservedPod> pods, Map<String, String> nodeUids) {}

    /**
     * A pod as the API server has it, with what its node observed of it and the node's own namespaces.
     *
     * @param name its {@code namespace/name}, as findings name it: made once for every use of a reconcile
     */
    public record ObservedPod(Pod pod, String node, PodEntry entry, Map<String, String> hostNamespaces, String name) {}

    private ClusterAnalysis() {}

    public static Result analyze(Collection<Node> nodes, Collection<Pod> pods, Collection<NodeNamespaces> reports,
            Instant now, Settings settings, String writer) {
        return analyze(nodes, pods, reports, new IncompleteReports(settings.staleAfter()), now, settings, writer);
    }

    /**
     * @param lastComplete what the nodes' last complete reports held, kept from one analysis to the
     *     next: an incomplete report is filled from it where the API server still places its pods
     */
    public static Result analyze(Collection<Node> nodes, Collection<Pod> pods, Collection<NodeNamespaces> reports,
            IncompleteReports lastComplete, Instant now, Settings settings, String writer) {
        Map<String, NodeNamespaces> reportOf = new HashMap<>();
        reports.forEach(r -> reportOf.put(r.getMetadata().getName(), r));
        lastComplete.retain(reportOf.keySet());
        Map<String, Pod> podsByUid = new HashMap<>();
        pods.forEach(p -> podsByUid.put(p.getMetadata().getUid(), p));
        Set<String> nodeNames = new TreeSet<>();
        nodes.forEach(n -> nodeNames.add(n.getMetadata().getName()));
        List<NodeAnalysis.Outcome> outcomes = NodeThreads.map(List.copyOf(nodeNames), settings.threads(),
                node -> NodeAnalysis.of(node, reportOf.get(node), podsByUid, lastComplete, now, settings.staleAfter()));

        List<Finding> findings = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        List<PodWarning> podWarnings = new ArrayList<>();
        List<ObservedPod> observedPods = new ArrayList<>();
        for (NodeAnalysis.Outcome outcome : outcomes) {
            if (outcome.missing()) {
                missing.add(outcome.node());
            }
            if (outcome.stale()) {
                stale.add(outcome.node());
            }
            findings.addAll(outcome.findings());
            observedPods.addAll(outcome.pods());
            podWarnings.addAll(outcome.podWarnings());
            outcome.namespacesByType().forEach((type, count) -> byType.merge(type, count.longValue(), Long::sum));
        }
        long podsObserved = observedPods.size();
        findings.sort(Findings.ORDER);
        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        // In the findings' order (the sort is stable, and each node's warnings are in its findings' order).
        podWarnings.sort(Comparator.comparing(PodWarning::finding, Findings.ORDER));
        List<String> orphans = reportOf.keySet().stream().filter(name -> !nodeNames.contains(name)).sorted().toList();

        int reporting = nodeNames.size() - missing.size() - stale.size();
        Nodes nodeCounts = new Nodes(nodeNames.size(), reporting, stale.size(), missing.size(),
                first(stale, settings.maxNodeNames()), first(missing, settings.maxNodeNames()));
        boolean degraded = !stale.isEmpty() || !missing.isEmpty();
        List<Condition> conditions = List.of(
                condition(Conditions.READY, true, "Aggregated", reporting + " of " + nodeNames.size() + " nodes reporting", now),
                condition(Conditions.DEGRADED, degraded, degraded ? "NodesNotReporting" : "AllNodesReporting", degraded
                        ? stale.size() + " stale and " + missing.size() + " missing nodes" : "every node reports", now));
        ClusterNamespacesStatus status = new ClusterNamespacesStatus(now.toString(), writer, nodeCounts, byType,
                podsObserved, findings.size(), counts, first(findings, settings.maxFindings()).stream()
                        .map(f -> new Finding(f.type(), f.severity(), f.node(), f.pod(), f.namespace(),
                                Findings.bounded(f.message())))
                        .toList(), conditions);
        Map<String, String> nodeUids = new TreeMap<>();
        nodes.forEach(n -> nodeUids.put(n.getMetadata().getName(), n.getMetadata().getUid()));
        return new Result(status, podWarnings, orphans, new Observed(List.copyOf(findings), observedPods, nodeUids));
    }

    private static <T> List<T> first(List<T> list, int limit) {
        return List.copyOf(list.subList(0, Math.min(limit, list.size())));
    }

    private static Condition condition(String type, boolean status, String reason, String message, Instant now) {
        return Conditions.of(type, status, reason, message, now);
    }
}
