package io.lxkns.operator.ui;

import io.fabric8.kubernetes.api.model.Node;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.ClusterAnalysis.ObservedPod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the views need from one reconcile, never changed after it is made. It holds references to
 * the objects the informer caches and the analysis already hold, plus maps over them, so it costs
 * little beyond them at 1,000 nodes.
 *
 * @param nodes every Node and every reporting node, by name, sorted
 * @param pods every pod a node observed and the API server places there, by namespace/name
 * @param podsOnNode the namespace/name keys of those pods, by node
 * @param findings every finding, most severe first (not only those the status lists)
 */
public record UiSnapshot(Instant at, String writer, ClusterNamespacesStatus status, Map<String, NodeInfo> nodes,
        Map<String, ObservedPod> pods, Map<String, List<String>> podsOnNode, List<Finding> findings) {

    /** A node's state, from the analysis' own findings. */
    public enum State { reporting, stale, missing, invalid }

    /** @param report its NodeNamespaces status without namespace entries; null when missing */
    public record NodeInfo(String name, State state, NodeNamespacesStatus report) {}

    public static UiSnapshot of(ClusterAnalysis.Result result, Collection<Node> nodes,
            Collection<NodeNamespaces> reports, Instant at) {
        Map<String, NodeNamespacesStatus> reportOf = new HashMap<>();
        reports.forEach(r -> reportOf.put(r.getMetadata().getName(), r.getStatus()));
        Map<String, State> states = new HashMap<>();
        for (Finding f : result.observed().findings()) {
            // The analysis decided these; the UI does not judge a node a second time.
            State state = switch (f.type()) {
                case Findings.MISSING_NODE -> State.missing;
                case Findings.INVALID_NODE_REPORT -> State.invalid;
                case Findings.STALE_NODE -> State.stale;
                default -> null;
            };
            if (state != null && f.node() != null) {
                states.merge(f.node(), state, (a, b) -> a == State.invalid || b == State.invalid ? State.invalid : a);
            }
        }
        Map<String, NodeInfo> byName = new TreeMap<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            byName.put(name, new NodeInfo(name, states.getOrDefault(name, State.reporting), reportOf.get(name)));
        }
        Map<String, ObservedPod> pods = new TreeMap<>();
        Map<String, List<String>> podsOnNode = new HashMap<>();
        for (ObservedPod pod : result.observed().pods()) {
            pods.put(pod.name(), pod);
            podsOnNode.computeIfAbsent(pod.node(), n -> new ArrayList<>()).add(pod.name());
        }
        podsOnNode.replaceAll((n, keys) -> List.copyOf(keys));
        return new UiSnapshot(at, result.status().writer(), result.status(), Collections.unmodifiableMap(byName),
                Collections.unmodifiableMap(pods), Map.copyOf(podsOnNode), result.observed().findings());
    }
}
