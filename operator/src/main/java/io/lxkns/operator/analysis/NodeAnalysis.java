package io.lxkns.operator.analysis;

import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.operator.analysis.ClusterAnalysis.ObservedPod;
import io.lxkns.operator.analysis.ClusterAnalysis.PodWarning;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's part of the analysis: its report judged, its pod claims verified against the API
 * server's pods, its checks run. It reads only the shared lookups it is given and writes only its
 * own outcome (and its own entry of {@link IncompleteReports}), so nodes can be analysed in any
 * order, on any thread.
 */
final class NodeAnalysis {
    /**
     * @param node the node's name
     * @param missing the node has no report: nothing else is known of it
     * @param stale its report is older than allowed (still used)
     * @param findings its findings, unsorted
     * @param pods the pods it observed that the API server places on it
     * @param podWarnings its warning findings about those pods, with the pods
     * @param namespacesByType its report's count of namespaces by type; empty when not used
     */
    record Outcome(String node, boolean missing, boolean stale, List<Finding> findings, List<ObservedPod> pods,
            List<PodWarning> podWarnings, Map<String, Integer> namespacesByType) {}

    private NodeAnalysis() {}

    static Outcome of(String node, NodeNamespaces report, Map<String, Pod> podsByUid, IncompleteReports lastComplete,
            Instant now, Duration staleAfter) {
        List<Finding> findings = new ArrayList<>();
        if (report == null || report.getStatus() == null) {
            findings.add(new Finding(Findings.MISSING_NODE, Findings.WARNING, node, null, null, "node " + node
                    + " has no NodeNamespaces: its lxkns agent is not running there or cannot write; check the "
                    + "DaemonSet's pod on that node (tolerations, image, RBAC)."));
            return new Outcome(node, true, false, findings, List.of(), List.of(), Map.of());
        }
        NodeNamespacesStatus status = report.getStatus();
        Instant observed = observedAt(status);
        boolean stale = observed == null || observed.isBefore(now.minus(staleAfter));
        if (stale) {
            findings.add(new Finding(Findings.STALE_NODE, Findings.WARNING, node, null, null, "node " + node
                    + "'s NodeNamespaces was last observed at " + status.observedAt() + ", more than "
                    + staleAfter.toMinutes() + " min ago; its agent is stuck or cannot reach the API server."));
        }
        List<String> problems = ReportValidation.problems(status);
        if (!problems.isEmpty()) {
            // Nothing of it is used: a finding on the node says why, and every other node goes on.
            findings.add(new Finding(Findings.INVALID_NODE_REPORT, Findings.WARNING, node, null, null, "node " + node
                    + "'s NodeNamespaces is not used: " + String.join("; ", problems) + ". Its agent is broken or"
                    + " the node is not to be trusted; look at the agent's pod and the node."));
            return new Outcome(node, false, stale, findings, List.of(), List.of(), Map.of());
        }
        List<PodEntry> claimed = status.pods() == null ? List.of() : status.pods();
        List<PodEntry> verified = new ArrayList<>();
        verify(claimed, node, podsByUid, verified);
        int unverified = claimed.size() - verified.size();
        // Carried over from the last complete report: a pod no longer placed here drops out quietly.
        verify(lastComplete.lacking(node, status, now), node, podsByUid, verified);
        if (unverified > 0) {
            findings.add(new Finding(Findings.UNVERIFIED_POD_CLAIM, Findings.WARNING, node, null, null, "node " + node
                    + " reports " + unverified + " pod(s) that the API server does not place on it, or not with the"
                    + " uid it reports; what it observed of them is not used. A container labelled as a pod it is"
                    + " not, a stale report, or a node that is not to be trusted."));
        }
        findings.addAll(NodeChecks.of(node, status.withPods(verified), podsByUid));
        Map<String, String> initial = status.initialNamespaces() == null ? Map.of() : status.initialNamespaces();
        List<ObservedPod> pods = new ArrayList<>(verified.size());
        Map<String, Pod> byName = new HashMap<>();
        for (PodEntry entry : verified) {
            ObservedPod pod = new ObservedPod(podsByUid.get(entry.uid()), node, entry, initial,
                    entry.namespace() + "/" + entry.name());
            pods.add(pod);
            byName.put(pod.name(), pod.pod());
        }
        // Events only on pods whose own node reported them, as the API server places them.
        List<PodWarning> podWarnings = new ArrayList<>();
        for (Finding finding : findings) {
            Pod pod = finding.pod() == null ? null : byName.get(finding.pod());
            if (pod != null && Findings.WARNING.equals(finding.severity())) {
                podWarnings.add(new PodWarning(pod, finding));
            }
        }
        Map<String, Integer> byType = status.summary() == null || status.summary().namespacesByType() == null
                ? Map.of() : status.summary().namespacesByType();
        return new Outcome(node, false, stale, findings, pods, podWarnings, byType);
    }

    /** Adds the entries whose Pod the API server places on {@code node}, with that uid and name. */
    private static void verify(List<PodEntry> entries, String node, Map<String, Pod> podsByUid, List<PodEntry> verified) {
        for (PodEntry entry : entries) {
            if (placedOn(podsByUid.get(entry.uid()), node, entry)) {
                verified.add(entry);
            }
        }
    }

    private static boolean placedOn(Pod pod, String node, PodEntry entry) {
        return pod != null && pod.getSpec() != null && node.equals(pod.getSpec().getNodeName())
                && pod.getMetadata().getNamespace().equals(entry.namespace()) && pod.getMetadata().getName().equals(entry.name());
    }

    private static Instant observedAt(NodeNamespacesStatus status) {
        try {
            return status.observedAt() == null ? null : Instant.parse(status.observedAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
