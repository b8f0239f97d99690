package io.lxkns.kubectl.view;

import java.util.List;
import java.util.Map;

/**
 * {@code kubectl lxkns node}: a node's namespaces as a user-namespace tree, as {@code lxkns tree
 * --user} shows a host's.
 *
 * @param observedAt when the node's agent looked
 * @param conditions the report's conditions: {@code Ready}, {@code Truncated}, {@code Engine-*}
 * @param initialNamespaces the node's own namespace of each type
 * @param tree the host's user namespace (or, without one in the report, each user namespace whose
 *     parent is not in it) with everything it owns and its child user namespaces below
 * @param ownerNotReported namespaces whose owning user namespace is not in the report (it may be
 *     truncated, see the {@code Truncated} condition)
 */
public record NodeView(String node, String observedAt, String kernel, String bootId, String agentVersion,
        List<ConditionView> conditions, Map<String, String> initialNamespaces, List<Entry> tree,
        List<Entry> ownerNotReported) {

    public record ConditionView(String type, String status, String reason, String message) {}

    /**
     * One namespace of the tree.
     *
     * @param host whether it is one of the node's own (initial) namespaces; the report has no
     *     details of those beyond their ids
     * @param sources how the agent found it: proc, task, fd, socket, bindmount, hierarchy
     * @param leader its lowest-numbered topmost process, PID on the node and {@code comm}
     * @param children for a user namespace: the namespaces it owns, then its child user namespaces
     */
    public record Entry(String id, String type, boolean host, List<String> sources, Integer processes,
            Leader leader, List<String> pods, List<String> containers, List<BindMount> bindMounts,
            List<Entry> children) {}

    public record Leader(Integer pid, String comm) {}

    /** @param mountNamespace the mount namespace whose view has the path, where it is not the host's */
    public record BindMount(String path, String mountNamespace) {}
}
