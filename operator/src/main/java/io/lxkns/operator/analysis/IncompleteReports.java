package io.lxkns.operator.analysis;

import io.fabric8.kubernetes.api.model.Condition;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a node's pods when its report is less complete than the one before. A report in which an
 * engine is not listed (an agent that just restarted, an engine that is restarting) does not know
 * that engine's pods; they are not gone, and dropping their findings until the next write would
 * blank the node on every rollout. Such a report gets the pods of the node's last complete report
 * that it lacks. The analysis still checks every pod against the API server, so a pod that was
 * deleted in the meantime drops out all the same.
 *
 * <p>One pod list per node is remembered, and forgotten with the node's report.
 */
public final class IncompleteReports {
    private final Map<String, List<PodEntry>> lastCompletePods = new ConcurrentHashMap<>();

    /** {@code reports}, each incomplete one with the pods it lacks from the node's last complete report. */
    public List<NodeNamespaces> fill(Collection<NodeNamespaces> reports) {
        Set<String> present = reports.stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        lastCompletePods.keySet().retainAll(present);
        List<NodeNamespaces> filled = new ArrayList<>(reports.size());
        for (NodeNamespaces report : reports) {
            NodeNamespacesStatus status = report.getStatus();
            String node = report.getMetadata().getName();
            if (status == null || status.pods() == null) {
                filled.add(report);
            } else if (complete(status)) {
                lastCompletePods.put(node, status.pods());
                filled.add(report);
            } else {
                filled.add(withPods(report, merged(status.pods(), lastCompletePods.getOrDefault(node, List.of()))));
            }
        }
        return filled;
    }

    /** Complete: every engine answered (no Engine-… condition is False). */
    static boolean complete(NodeNamespacesStatus status) {
        List<Condition> conditions = status.conditions() == null ? List.of() : status.conditions();
        return conditions.stream().noneMatch(c -> c.getType() != null && c.getType().startsWith(Conditions.ENGINE_PREFIX)
                && "False".equals(c.getStatus()));
    }

    private static List<PodEntry> merged(List<PodEntry> current, List<PodEntry> previous) {
        Set<String> known = current.stream().map(PodEntry::uid).collect(Collectors.toSet());
        List<PodEntry> all = new ArrayList<>(current);
        previous.stream().filter(p -> !known.contains(p.uid())).forEach(all::add);
        return all.subList(0, Math.min(all.size(), NodeNamespacesStatus.MAX_PODS)); // the CRD's bound still holds
    }

    private static NodeNamespaces withPods(NodeNamespaces report, List<PodEntry> pods) {
        NodeNamespaces copy = new NodeNamespaces();
        copy.setMetadata(report.getMetadata());
        copy.setStatus(report.getStatus().withPods(pods));
        return copy;
    }
}
