package io.lxkns.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
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
        @Size(max = 64) String observedAt,
        @JsonPropertyDescription("How long that discovery took, in milliseconds")
        @Min(0) @Max(86_400_000) Long discoveryDurationMs,
        Summary summary,
        @JsonPropertyDescription("The host's own namespace of each type, e.g. net -> net:[4026531840]")
        @Size(max = TYPES) Map<String, @Size(max = ID_LENGTH) @Pattern(ID) String> initialNamespaces,
        @JsonPropertyDescription("Every namespace other than the host's own (may be truncated, see conditions)")
        @Size(max = MAX_NAMESPACES) List<NamespaceEntry> namespaces,
        @JsonPropertyDescription("Every pod on the node with its namespaces")
        @Size(max = MAX_PODS) List<PodEntry> pods,
        @JsonPropertyDescription("What the agent found worth a look, most severe first")
        @Size(max = MAX_FINDINGS) List<Finding> findings,
        @JsonPropertyDescription("Ready, Truncated, and one per container engine (Engine-docker, Engine-containerd)")
        @Size(max = 16) List<Condition> conditions) {

    // The bounds of every field: the API server rejects a report beyond them (a node may be broken
    // or compromised), and the agent keeps its reports within them.
    /** The namespace types: at most one entry per type in a map by type. */
    public static final int TYPES = 8;
    /** {@code net:[4026531840]}: a type and an inode number. */
    public static final String ID = "^(cgroup|ipc|mnt|net|pid|time|user|uts):\\[[0-9]{1,20}\\]$";
    public static final String TYPE = "^(cgroup|ipc|mnt|net|pid|time|user|uts)$";
    public static final int ID_LENGTH = 32;
    /** More than any node has: a count above is made up. */
    public static final long MAX_COUNT = 10_000_000;
    public static final int MAX_NAMESPACES = 20_000;
    public static final int MAX_PODS = 2_000;
    public static final int MAX_FINDINGS = 2_000;
    public static final int MAX_CONTAINERS_PER_POD = 64;
    /** Entries in a namespace's bind mount, container and pod lists (see the agent's StatusBuilder). */
    public static final int MAX_ENTRY_LIST = 16;
    /** Kubernetes' own limits: a namespace name, a pod name, {@code namespace/name}. */
    public static final int NAMESPACE_NAME_LENGTH = 63;
    public static final int NAME_LENGTH = 253;
    public static final int QUALIFIED_NAME_LENGTH = NAMESPACE_NAME_LENGTH + 1 + NAME_LENGTH;
    public static final int UID_LENGTH = 128;
    public static final int CONTAINER_ID_LENGTH = 128;
    public static final int PATH_LENGTH = 4096;
    public static final int MESSAGE_LENGTH = 1024;

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
    public record NodeIdentity(@Size(max = NAME_LENGTH) String name, @Size(max = 64) String bootId,
            @Size(max = 128) String kernel, @Size(max = 64) String agentVersion) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            @JsonPropertyDescription("Namespaces other than the host's own")
            @Min(0) @Max(MAX_COUNT) Integer namespaces,
            @JsonPropertyDescription("All namespaces, by type, the host's included")
            @Size(max = TYPES) Map<String, @Min(0) @Max(MAX_COUNT) Integer> namespacesByType,
            @Min(0) @Max(MAX_COUNT) Integer processes,
            @Min(0) @Max(MAX_COUNT) Integer containers,
            @Min(0) @Max(MAX_COUNT) Integer pods,
            @JsonPropertyDescription("Pods with a container in one of the host's net, pid, ipc or uts namespaces")
            @Min(0) @Max(MAX_COUNT) Integer podsSharingHostNamespaces,
            @Min(0) @Max(MAX_COUNT) Integer findings) {

        public Summary withProcesses(Integer count) {
            return new Summary(namespaces, namespacesByType, count, containers, pods, podsSharingHostNamespaces, findings);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NamespaceEntry(
            @JsonPropertyDescription("type:[inode]; unique within one boot (see node.bootId)")
            @Size(max = ID_LENGTH) @Pattern(ID) String id,
            @Pattern(TYPE) String type,
            @JsonPropertyDescription("How it was found: proc, task, fd, socket, bindmount, hierarchy")
            @Size(max = 6) List<@Pattern("^(proc|task|fd|socket|bindmount|hierarchy)$") String> sources,
            @JsonPropertyDescription("Owning user namespace")
            @Size(max = ID_LENGTH) @Pattern(ID) String owner,
            @JsonPropertyDescription("Parent user or PID namespace")
            @Size(max = ID_LENGTH) @Pattern(ID) String parent,
            @Min(0) @Max(MAX_COUNT) Integer processCount,
            Leader leader,
            @Size(max = MAX_ENTRY_LIST) List<BindMountEntry> bindMounts,
            @JsonPropertyDescription("Ids of the containers with a process in it")
            @Size(max = MAX_ENTRY_LIST) List<@Size(max = CONTAINER_ID_LENGTH) String> containers,
            @JsonPropertyDescription("namespace/name of the pods with a container in it")
            @Size(max = MAX_ENTRY_LIST) List<@Size(max = QUALIFIED_NAME_LENGTH) String> pods) {

        public NamespaceEntry withProcessCount(Integer count) {
            return new NamespaceEntry(id, type, sources, owner, parent, count, leader, bindMounts, containers, pods);
        }

        public NamespaceEntry withLists(List<BindMountEntry> mounts, List<String> containerIds, List<String> podNames) {
            return new NamespaceEntry(id, type, sources, owner, parent, processCount, leader, mounts, containerIds, podNames);
        }
    }

    public record Leader(@Min(0) @Max(4_194_304) Integer pid, @Size(max = 64) String comm) {}

    public record BindMountEntry(@Size(max = PATH_LENGTH) String path,
            @Size(max = ID_LENGTH) @Pattern(ID) String mountNamespace) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodEntry(
            @Size(max = NAMESPACE_NAME_LENGTH) String namespace,
            @Size(max = NAME_LENGTH) String name,
            @Size(max = UID_LENGTH) String uid,
            @JsonPropertyDescription("The pod's namespaces (its sandbox's, else its first container's), by type")
            @Size(max = TYPES) Map<String, @Size(max = ID_LENGTH) @Pattern(ID) String> namespaces,
            @JsonPropertyDescription("Types of the host's own namespaces the pod is in")
            @Size(max = TYPES) List<@Pattern(TYPE) String> hostNamespaces,
            @Size(max = MAX_CONTAINERS_PER_POD) List<PodContainer> containers,
            @JsonPropertyDescription("The pod's sandbox as the CRI runtime reports it; absent without a CRI runtime")
            PodSandbox sandbox) {

        /** A pod known from its containers' labels only: no CRI runtime told its sandbox. */
        public PodEntry(String namespace, String name, String uid, Map<String, String> namespaces,
                List<String> hostNamespaces, List<PodContainer> containers) {
            this(namespace, name, uid, namespaces, hostNamespaces, containers, null);
        }

        public PodEntry withContainers(List<PodContainer> changed) {
            return new PodEntry(namespace, name, uid, namespaces, hostNamespaces, List.copyOf(changed), sandbox);
        }
    }

    /** A runtime's free-text name and version, as the agent passes it on: {@code containerd 1.7.20}. */
    public static final String RUNTIME = "^[A-Za-z0-9 ._+~:-]{0,64}$";
    public static final String MODE = "^(pod|container|node|target)$";
    /** One line of a uid_map or gid_map: {@code inside:host:length}. */
    public static final String ID_RANGE = "^[0-9]{1,10}:[0-9]{1,10}:[0-9]{1,10}$";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodSandbox(
            @Size(max = CONTAINER_ID_LENGTH) String id,
            @JsonPropertyDescription("The CRI runtime and its version")
            @Pattern(RUNTIME) String runtime,
            @JsonPropertyDescription("ready or notready")
            @Pattern("^(ready|notready)$") String state,
            @JsonPropertyDescription("What the kubelet asked the runtime for, by type (net, pid, ipc, user):"
                    + " pod, container, node (the host's) or target")
            @Size(max = TYPES) Map<String, @Pattern(MODE) String> modes,
            @JsonPropertyDescription("The network namespace file the runtime made for the pod")
            @Size(max = PATH_LENGTH) String netnsPath,
            @JsonPropertyDescription("The uid map of the pod's user namespace as the kernel has it (inside:host:length)")
            @Size(max = MAX_ENTRY_LIST) List<@Pattern(ID_RANGE) String> uidMap,
            @JsonPropertyDescription("The gid map of the pod's user namespace as the kernel has it")
            @Size(max = MAX_ENTRY_LIST) List<@Pattern(ID_RANGE) String> gidMap) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodContainer(
            @Size(max = NAME_LENGTH) String name,
            @Size(max = CONTAINER_ID_LENGTH) String id,
            @Pattern("^(cri|containerd|docker)$") String engine,
            Boolean sandbox,
            @Min(0) @Max(4_194_304) Integer pid,
            @JsonPropertyDescription("The container's namespaces, by type")
            @Size(max = TYPES) Map<String, @Size(max = ID_LENGTH) @Pattern(ID) String> namespaces) {

        public PodContainer withNamespaces(Map<String, String> changed) {
            return new PodContainer(name, id, engine, sandbox, pid, changed);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Finding(
            @JsonPropertyDescription("LeakedNamespace, NamespaceSharedAcrossPods, ...")
            @Pattern("^[A-Za-z]{1,64}$") String type,
            @JsonPropertyDescription("warning or info")
            @Pattern("^(warning|info)$") String severity,
            @JsonPropertyDescription("One sentence a platform engineer can act on")
            @Size(max = MESSAGE_LENGTH) String message,
            @Size(max = ID_LENGTH) @Pattern(ID) String namespace,
            @JsonPropertyDescription("namespace/name of the pod concerned, if any")
            @Size(max = QUALIFIED_NAME_LENGTH) String pod) {}
}
