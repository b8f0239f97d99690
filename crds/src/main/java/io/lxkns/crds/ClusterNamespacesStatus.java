package io.lxkns.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/** What the operator concluded from all nodes' NodeNamespaces and the pods' specs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterNamespacesStatus(
        @JsonPropertyDescription("When the operator last looked (RFC 3339)")
        @Size(max = 64) String observedAt,
        @JsonPropertyDescription("The operator instance (the leader) that wrote this status")
        @Size(max = NodeNamespacesStatus.NAME_LENGTH) String writer,
        Nodes nodes,
        @JsonPropertyDescription("Namespaces of all reporting nodes by type, each node's own host namespaces included")
        @Size(max = NodeNamespacesStatus.TYPES) Map<String, @Min(0) Long> namespacesByType,
        @JsonPropertyDescription("Pods the nodes reported")
        @Min(0) Long podsObserved,
        @JsonPropertyDescription("All findings, also those left out of the list")
        @Min(0) Integer findingsTotal,
        @JsonPropertyDescription("All findings by type")
        @Size(max = 64) Map<String, @Min(0) Integer> findingCounts,
        @JsonPropertyDescription("Findings, most severe first; bounded, see findingsTotal")
        @Size(max = MAX_FINDINGS) List<Finding> findings,
        @JsonPropertyDescription("Ready; Degraded while nodes are stale or missing")
        @Size(max = 16) List<Condition> conditions) {

    /** The most findings the status lists (the operator's --max-findings may ask for fewer). */
    public static final int MAX_FINDINGS = 1000;
    /** The most node names a stale or missing list holds. */
    public static final int MAX_NODE_NAMES = 200;

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
            @Size(max = MAX_NODE_NAMES) List<@Size(max = NodeNamespacesStatus.NAME_LENGTH) String> staleNodes,
            @JsonPropertyDescription("Names of missing nodes (bounded)")
            @Size(max = MAX_NODE_NAMES) List<@Size(max = NodeNamespacesStatus.NAME_LENGTH) String> missingNodes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(
            @JsonPropertyDescription("HostNamespaceUnexpected, HostNamespaceRequested, NamespaceSharedAcrossPods, "
                    + "ContainerOutsidePodNamespace, UserNamespaceNotIsolated, UserNamespaceIsolated, LeakedNamespace, "
                    + "NamespaceModeMismatch, UserNamespaceOverlap, UserNamespaceMapsHostRoot, "
                    + "StaleNode, MissingNode, InvalidNodeReport, UnverifiedPodClaim")
            @Pattern("^[A-Za-z]{1,64}$") String type,
            @JsonPropertyDescription("warning or info")
            @Pattern("^(warning|info)$") String severity,
            @Size(max = NodeNamespacesStatus.NAME_LENGTH) String node,
            @JsonPropertyDescription("namespace/name of the pod, where there is one")
            @Size(max = NodeNamespacesStatus.QUALIFIED_NAME_LENGTH) String pod,
            @JsonPropertyDescription("The namespace concerned, type:[inode]")
            @Size(max = NodeNamespacesStatus.ID_LENGTH) @Pattern(NodeNamespacesStatus.ID) String namespace,
            @JsonPropertyDescription("One sentence a platform engineer can act on")
            @Size(max = 2048) String message) {}
}
