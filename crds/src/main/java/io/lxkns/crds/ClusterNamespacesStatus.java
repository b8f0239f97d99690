package io.lxkns.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** What the operator concluded from all nodes' NodeNamespaces and the pods' specs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterNamespacesStatus(
        @JsonPropertyDescription("When the operator last looked (RFC 3339)")
        String observedAt,
        @JsonPropertyDescription("The operator instance (the leader) that wrote this status")
        String writer,
        Nodes nodes,
        @JsonPropertyDescription("Namespaces of all reporting nodes by type, each node's own host namespaces included")
        Map<String, Long> namespacesByType,
        @JsonPropertyDescription("Pods the nodes reported")
        Long podsObserved,
        @JsonPropertyDescription("All findings, also those left out of the list")
        Integer findingsTotal,
        @JsonPropertyDescription("All findings by type")
        Map<String, Integer> findingCounts,
        @JsonPropertyDescription("Findings, most severe first; bounded, see findingsTotal")
        List<Finding> findings,
        @JsonPropertyDescription("Ready; Degraded while nodes are stale or missing")
        List<Condition> conditions) {

    public ClusterNamespacesStatus withObservedAt(String observed) {
        return new ClusterNamespacesStatus(observed, writer, nodes, namespacesByType, podsObserved, findingsTotal,
                findingCounts, findings, conditions);
    }

    public ClusterNamespacesStatus withConditions(List<Condition> changed) {
        return new ClusterNamespacesStatus(observedAt, writer, nodes, namespacesByType, podsObserved, findingsTotal,
                findingCounts, findings, changed);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Nodes(
            @JsonPropertyDescription("Node objects in the cluster")
            Integer total,
            @JsonPropertyDescription("Nodes with a fresh NodeNamespaces")
            Integer reporting,
            @JsonPropertyDescription("Nodes whose NodeNamespaces is older than the staleness limit")
            Integer stale,
            @JsonPropertyDescription("Nodes without a NodeNamespaces")
            Integer missing,
            @JsonPropertyDescription("Names of stale nodes (bounded)")
            List<String> staleNodes,
            @JsonPropertyDescription("Names of missing nodes (bounded)")
            List<String> missingNodes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(
            @JsonPropertyDescription("HostNamespaceUnexpected, HostNamespaceRequested, NamespaceSharedAcrossPods, "
                    + "ContainerOutsidePodNamespace, UserNamespaceNotIsolated, UserNamespaceIsolated, LeakedNamespace, "
                    + "StaleNode, MissingNode")
            String type,
            @JsonPropertyDescription("warning or info")
            String severity,
            String node,
            @JsonPropertyDescription("namespace/name of the pod, where there is one")
            String pod,
            @JsonPropertyDescription("The namespace concerned, type:[inode]")
            String namespace,
            @JsonPropertyDescription("One sentence a platform engineer can act on")
            String message) {}
}
