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
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The whole cluster at one moment: what to write, which Events to raise, what to collect. */
public final class ClusterAnalysis {

    /**
     * @param staleAfter a NodeNamespaces older than this makes its node stale
     * @param maxFindings how many findings the status lists (all are counted)
     * @param maxNodeNames how many stale or missing node names the status lists
     */
    public record Settings(Duration staleAfter, int maxFindings, int maxNodeNames) {
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

    /** A pod as the API server has it, with what its node observed of it and the node's own namespaces. */
    public record ObservedPod(Pod pod, String node, PodEntry entry, Map<String, String> hostNamespaces) {}

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

        List<Finding> findings = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        long podsObserved = 0;
        Map<String, Pod> verifiedByName = new HashMap<>();
        List<ObservedPod> observedPods = new ArrayList<>();
        for (String node : nodeNames) {
            NodeNamespaces report = reportOf.get(node);
            if (report == null || report.getStatus() == null) {
                missing.add(node);
                findings.add(new Finding(Findings.MISSING_NODE, Findings.WARNING, node, null, null, "node " + node
                        + " has no NodeNamespaces: its lxkns agent is not running there or cannot write; check the "
                        + "DaemonSet's pod on that node (tolerations, image, RBAC)."));
                continue;
            }
            Instant observed = observedAt(report);
            if (observed == null || observed.isBefore(now.minus(settings.staleAfter()))) {
                stale.add(node);
                findings.add(new Finding(Findings.STALE_NODE, Findings.WARNING, node, null, null, "node " + node
                        + "'s NodeNamespaces was last observed at " + report.getStatus().observedAt() + ", more than "
                        + settings.staleAfter().toMinutes() + " min ago; its agent is stuck or cannot reach the API server."));
            }
            List<String> problems = ReportValidation.problems(report.getStatus());
            if (!problems.isEmpty()) {
                // Nothing of it is used: a finding on the node says why, and every other node goes on.
                findings.add(new Finding(Findings.INVALID_NODE_REPORT, Findings.WARNING, node, null, null, "node " + node
                        + "'s NodeNamespaces is not used: " + String.join("; ", problems) + ". Its agent is broken or"
                        + " the node is not to be trusted; look at the agent's pod and the node."));
                continue;
            }
            NodeNamespacesStatus status = report.getStatus();
            List<PodEntry> claimed = status.pods() == null ? List.of() : status.pods();
            List<PodEntry> verified = new ArrayList<>();
            verify(claimed, node, podsByUid, verified, verifiedByName);
            int unverified = claimed.size() - verified.size();
            // Carried over from the last complete report: a pod no longer placed here drops out quietly.
            verify(lastComplete.lacking(node, status, now), node, podsByUid, verified, verifiedByName);
            if (unverified > 0) {
                findings.add(new Finding(Findings.UNVERIFIED_POD_CLAIM, Findings.WARNING, node, null, null, "node " + node
                        + " reports " + unverified + " pod(s) that the API server does not place on it, or not with the"
                        + " uid it reports; what it observed of them is not used. A container labelled as a pod it is"
                        + " not, a stale report, or a node that is not to be trusted."));
            }
            findings.addAll(NodeChecks.of(node, status.withPods(verified), podsByUid));
            Map<String, String> initial = status.initialNamespaces() == null ? Map.of() : status.initialNamespaces();
            verified.forEach(entry -> observedPods.add(new ObservedPod(podsByUid.get(entry.uid()), node, entry, initial)));
            if (status.summary() != null && status.summary().namespacesByType() != null) {
                status.summary().namespacesByType().forEach((type, count) -> byType.merge(type, count.longValue(), Long::sum));
            }
            podsObserved += verified.size();
        }
        findings.sort(Findings.ORDER);
        Map<String, Integer> counts = new TreeMap<>();
        findings.forEach(f -> counts.merge(f.type(), 1, Integer::sum));
        List<PodWarning> podWarnings = new ArrayList<>();
        // Events only on pods whose own node reported them, as the API server places them.
        for (Finding finding : findings) {
            Pod pod = finding.pod() == null ? null : verifiedByName.get(finding.pod());
            if (pod != null && Findings.WARNING.equals(finding.severity())) {
                podWarnings.add(new PodWarning(pod, finding));
            }
        }
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

    /** The API server puts this pod, with this uid and name, on this node. */
    /** Adds the entries whose Pod the API server places on {@code node}, with that uid and name. */
    private static void verify(List<PodEntry> entries, String node, Map<String, Pod> podsByUid, List<PodEntry> verified,
            Map<String, Pod> verifiedByName) {
        for (PodEntry entry : entries) {
            Pod pod = podsByUid.get(entry.uid());
            if (placedOn(pod, node, entry)) {
                verified.add(entry);
                verifiedByName.put(entry.namespace() + "/" + entry.name(), pod);
            }
        }
    }

    private static boolean placedOn(Pod pod, String node, PodEntry entry) {
        return pod != null && pod.getSpec() != null && node.equals(pod.getSpec().getNodeName())
                && pod.getMetadata().getNamespace().equals(entry.namespace()) && pod.getMetadata().getName().equals(entry.name());
    }

    private static Instant observedAt(NodeNamespaces report) {
        try {
            return report.getStatus().observedAt() == null ? null : Instant.parse(report.getStatus().observedAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> List<T> first(List<T> list, int limit) {
        return List.copyOf(list.subList(0, Math.min(limit, list.size())));
    }

    private static Condition condition(String type, boolean status, String reason, String message, Instant now) {
        return Conditions.of(type, status, reason, message, now);
    }
}
