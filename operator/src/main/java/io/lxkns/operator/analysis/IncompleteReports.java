package io.lxkns.operator.analysis;

import io.fabric8.kubernetes.api.model.Condition;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps a node's pods when its report is less complete than the one before. A report in which an
 * engine is not listed (an agent that just restarted, an engine that is restarting) does not know
 * that engine's pods; they are not gone, and dropping their findings until the next write would
 * blank the node on every rollout. For such a report this names the pods of the node's last
 * complete report that it lacks; {@link ClusterAnalysis} uses those the API server still places on
 * the node, and drops the others without a word.
 *
 * <p>{@link ClusterAnalysis} hands over only reports it accepted. One pod list per node is kept, for
 * at most {@code maxAge} (an engine down for longer is not vouched for), and forgotten with the
 * node's report. The memory is the operator's own: a new leader starts without it.
 */
public final class IncompleteReports {
    private record Complete(List<PodEntry> pods, Instant seen) {}

    private final Duration maxAge;
    private final Map<String, Complete> lastComplete = new ConcurrentHashMap<>();

    public IncompleteReports(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** Forgets the nodes that have no report any more. */
    void retain(Set<String> nodesWithReports) {
        lastComplete.keySet().retainAll(nodesWithReports);
    }

    /**
     * Remembers {@code status}'s pods if it is complete; if not, the pods of the node's last complete
     * report that it lacks.
     */
    List<PodEntry> lacking(String node, NodeNamespacesStatus status, Instant now) {
        List<PodEntry> pods = status.pods() == null ? List.of() : status.pods();
        if (complete(status)) {
            lastComplete.put(node, new Complete(pods, now));
            return List.of();
        }
        Complete previous = lastComplete.get(node);
        if (previous == null || now.isAfter(previous.seen().plus(maxAge))) {
            return List.of();
        }
        Set<String> known = pods.stream().map(PodEntry::uid).collect(Collectors.toSet());
        return previous.pods().stream().filter(p -> !known.contains(p.uid())).toList();
    }

    /** Complete: every engine answered (no Engine-… condition is False). */
    static boolean complete(NodeNamespacesStatus status) {
        List<Condition> conditions = status.conditions() == null ? List.of() : status.conditions();
        return conditions.stream().noneMatch(c -> c.getType() != null && c.getType().startsWith(Conditions.ENGINE_PREFIX)
                && "False".equals(c.getStatus()));
    }
}
