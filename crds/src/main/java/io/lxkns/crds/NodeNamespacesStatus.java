package io.lxkns.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/**
 * One node's namespaces as its agent last saw them. Never holds command lines, environments or
 * container labels beyond the Kubernetes identity: only {@code comm} names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeNamespacesStatus(
        @JsonPropertyDescription("The node and the agent that observed it")
        NodeIdentity node,
        @JsonPropertyDescription("When the discovery behind this status ran (RFC 3339)")
        String observedAt,
        @JsonPropertyDescription("How long that discovery took, in milliseconds")
        Long discoveryDurationMs,
        Summary summary,
        @JsonPropertyDescription("The host's own namespace of each type, e.g. net -> net:[4026531840]")
        Map<String, String> initialNamespaces,
        @JsonPropertyDescription("Every namespace other than the host's own (may be truncated, see conditions)")
        List<NamespaceEntry> namespaces,
        @JsonPropertyDescription("Every pod on the node with its namespaces")
        List<PodEntry> pods,
        @JsonPropertyDescription("What the agent found worth a look, most severe first")
        List<Finding> findings,
        @JsonPropertyDescription("Ready, Truncated, and one per container engine (Engine-docker, Engine-containerd)")
        List<Condition> conditions) {

    public NodeNamespacesStatus withObservation(String observed, Long durationMs) {
        return new NodeNamespacesStatus(node, observed, durationMs, summary, initialNamespaces, namespaces, pods,
                findings, conditions);
    }

    public NodeNamespacesStatus withSummary(Summary changed) {
        return new NodeNamespacesStatus(node, observedAt, discoveryDurationMs, changed, initialNamespaces, namespaces,
                pods, findings, conditions);
    }

    public NodeNamespacesStatus withNamespaces(List<NamespaceEntry> changed) {
        return new NodeNamespacesStatus(node, observedAt, discoveryDurationMs, summary, initialNamespaces,
                changed == null ? null : List.copyOf(changed), pods, findings, conditions);
    }

    public NodeNamespacesStatus withPods(List<PodEntry> changed) {
        return new NodeNamespacesStatus(node, observedAt, discoveryDurationMs, summary, initialNamespaces, namespaces,
                List.copyOf(changed), findings, conditions);
    }

    public NodeNamespacesStatus withFindings(List<Finding> changed) {
        return new NodeNamespacesStatus(node, observedAt, discoveryDurationMs, summary, initialNamespaces, namespaces,
                pods, List.copyOf(changed), conditions);
    }

    public NodeNamespacesStatus withConditions(List<Condition> changed) {
        return new NodeNamespacesStatus(node, observedAt, discoveryDurationMs, summary, initialNamespaces, namespaces,
                pods, findings, List.copyOf(changed));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeIdentity(String name, String bootId, String kernel, String agentVersion) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            @JsonPropertyDescription("Namespaces other than the host's own")
            Integer namespaces,
            @JsonPropertyDescription("All namespaces, by type, the host's included")
            Map<String, Integer> namespacesByType,
            Integer processes,
            Integer containers,
            Integer pods,
            @JsonPropertyDescription("Pods with a container in one of the host's net, pid, ipc or uts namespaces")
            Integer podsSharingHostNamespaces,
            Integer findings) {

        public Summary withProcesses(Integer count) {
            return new Summary(namespaces, namespacesByType, count, containers, pods, podsSharingHostNamespaces, findings);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NamespaceEntry(
            @JsonPropertyDescription("type:[inode]; unique within one boot (see node.bootId)")
            String id,
            String type,
            @JsonPropertyDescription("How it was found: proc, task, fd, socket, bindmount, hierarchy")
            List<String> sources,
            @JsonPropertyDescription("Owning user namespace")
            String owner,
            @JsonPropertyDescription("Parent user or PID namespace")
            String parent,
            Integer processCount,
            Leader leader,
            List<BindMountEntry> bindMounts,
            @JsonPropertyDescription("Ids of the containers with a process in it")
            List<String> containers,
            @JsonPropertyDescription("namespace/name of the pods with a container in it")
            List<String> pods) {

        public NamespaceEntry withProcessCount(Integer count) {
            return new NamespaceEntry(id, type, sources, owner, parent, count, leader, bindMounts, containers, pods);
        }

        public NamespaceEntry withLists(List<BindMountEntry> mounts, List<String> containerIds, List<String> podNames) {
            return new NamespaceEntry(id, type, sources, owner, parent, processCount, leader, mounts, containerIds, podNames);
        }
    }

    public record Leader(Integer pid, String comm) {}

    public record BindMountEntry(String path, String mountNamespace) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodEntry(
            String namespace,
            String name,
            String uid,
            @JsonPropertyDescription("The pod's namespaces (its sandbox's, else its first container's), by type")
            Map<String, String> namespaces,
            @JsonPropertyDescription("Types of the host's own namespaces the pod is in")
            List<String> hostNamespaces,
            List<PodContainer> containers) {

        public PodEntry withContainers(List<PodContainer> changed) {
            return new PodEntry(namespace, name, uid, namespaces, hostNamespaces, List.copyOf(changed));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodContainer(
            String name,
            String id,
            String engine,
            Boolean sandbox,
            Integer pid,
            @JsonPropertyDescription("The container's namespaces, by type")
            Map<String, String> namespaces) {

        public PodContainer withNamespaces(Map<String, String> changed) {
            return new PodContainer(name, id, engine, sandbox, pid, changed);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(
            @JsonPropertyDescription("LeakedNamespace, NamespaceSharedAcrossPods, ...")
            String type,
            @JsonPropertyDescription("warning or info")
            String severity,
            @JsonPropertyDescription("One sentence a platform engineer can act on")
            String message,
            String namespace,
            @JsonPropertyDescription("namespace/name of the pod concerned, if any")
            String pod) {}
}
