package io.lxkns.crds;

import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import java.util.Comparator;
import java.util.List;

/**
 * The finding types and severities both the agent and the operator write, the namespace types that
 * isolate a pod, and the rules that both apply the same way.
 */
public final class Findings {
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    public static final String HOST_NAMESPACE_UNEXPECTED = "HostNamespaceUnexpected";
    public static final String HOST_NAMESPACE_REQUESTED = "HostNamespaceRequested";
    public static final String SHARED_ACROSS_PODS = "NamespaceSharedAcrossPods";
    public static final String CONTAINER_OUTSIDE_POD_NAMESPACE = "ContainerOutsidePodNamespace";
    public static final String USER_NAMESPACE_NOT_ISOLATED = "UserNamespaceNotIsolated";
    public static final String USER_NAMESPACE_ISOLATED = "UserNamespaceIsolated";
    public static final String LEAKED = "LeakedNamespace";
    public static final String STALE_NODE = "StaleNode";
    public static final String MISSING_NODE = "MissingNode";

    /**
     * The namespace types whose sharing with the host or with another pod breaks pod isolation (user,
     * mount, cgroup and time namespaces are checked apart, or are per container by design).
     */
    public static final List<String> ISOLATING = List.of("ipc", "net", "pid", "uts");

    /**
     * The rule for {@link #SHARED_ACROSS_PODS}: a namespace of an isolating type, not the host's own,
     * that containers of more than one pod are in.
     */
    public static boolean sharedAcrossPods(String type, boolean hostNamespace, int pods) {
        return pods > 1 && !hostNamespace && ISOLATING.contains(type);
    }

    /** Most severe first, then by type, node, pod and namespace, so the list is stable. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> !WARNING.equals(f.severity()))
            .thenComparing(Finding::type)
            .thenComparing(f -> nonNull(f.node()))
            .thenComparing(f -> nonNull(f.pod()))
            .thenComparing(f -> nonNull(f.namespace()));

    private Findings() {}

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
