package io.lxkns.kubectl.view;

import java.util.List;
import java.util.Map;

/**
 * {@code kubectl lxkns pod}: where a pod's containers are, namespace by namespace, against what its
 * spec asks for.
 *
 * @param pod {@code namespace/name}
 * @param source {@code NodeNamespaces} (the node's own report: every container) or {@code Report} (the
 *     namespace's lxkns Report: the pod's namespaces only, for users who cannot read the node's)
 * @param observedAt when the node's agent looked ({@code NodeNamespaces} only)
 * @param spec the pod spec's host flags; absent when unset (then false, but {@code hostUsers} true)
 * @param observed the same flags as the node saw them; absent when the report cannot tell
 * @param namespaces the pod's namespaces by type (its sandbox's, else its first container's)
 * @param containers each container (the sandbox first) with its namespaces; empty from a Report
 * @param sandbox the CRI runtime's view of the pod's sandbox, where a CRI runtime answered
 * @param findings the findings about this pod; absent when neither the operator's list nor the Report
 *     could be read
 */
public record PodView(String pod, String uid, String node, String source, String observedAt, Spec spec,
        Observed observed, Map<String, NamespaceCell> namespaces, List<ContainerView> containers, SandboxView sandbox,
        List<FindingView> findings) {

    public static final String FROM_NODE = "NodeNamespaces";
    public static final String FROM_REPORT = "Report";

    /** The spec's host flags as written; {@code null} where the spec leaves a flag unset. */
    public record Spec(Boolean hostNetwork, Boolean hostPID, Boolean hostIPC, Boolean hostUsers,
            Boolean shareProcessNamespace) {}

    /**
     * What the node saw: {@code hostNetwork} true when a container of the pod is in the host's
     * network namespace, and so on; {@code hostUsers} true when one is in the host's user namespace;
     * {@code shareProcessNamespace} true when the pod's containers share one PID namespace.
     * {@code null} where the report does not tell.
     */
    public record Observed(Boolean hostNetwork, Boolean hostPID, Boolean hostIPC, Boolean hostUsers,
            Boolean shareProcessNamespace) {}

    /**
     * One namespace of a pod or container.
     *
     * @param id {@code type:[inode]}; absent where a Report only says {@code host}
     * @param host whether it is the node's own (initial) namespace of that type
     * @param sharedWith other pods on the same node ({@code namespace/name}) in the same namespace
     */
    public record NamespaceCell(String id, boolean host, List<String> sharedWith) {}

    /**
     * @param engine {@code cri}, {@code containerd} or {@code docker}
     * @param sandbox whether it is the pod's sandbox (pause) container
     * @param pid its init process, as a PID on the node
     */
    public record ContainerView(String name, String id, String engine, boolean sandbox, Integer pid,
            Map<String, NamespaceCell> namespaces) {}

    /**
     * @param modes what the kubelet asked the runtime for, by type (net, pid, ipc, user): {@code pod},
     *     {@code container}, {@code node} (the host's) or {@code target}
     * @param uidMap the pod user namespace's uid map, {@code inside:host:length} lines
     */
    public record SandboxView(String id, String runtime, String state, Map<String, String> modes, String netnsPath,
            List<String> uidMap, List<String> gidMap) {}
}
