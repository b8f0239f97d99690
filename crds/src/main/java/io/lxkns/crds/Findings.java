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
    /** The node's runtime was asked for one namespace mode, and the pod's processes are in another. */
    public static final String NAMESPACE_MODE_MISMATCH = "NamespaceModeMismatch";
    /** Two pods' user namespaces map some of the same host ids. */
    public static final String USER_NAMESPACE_OVERLAP = "UserNamespaceOverlap";
    /** A pod's own user namespace maps the host's root. */
    public static final String USER_NAMESPACE_MAPS_HOST_ROOT = "UserNamespaceMapsHostRoot";
    public static final String STALE_NODE = "StaleNode";
    /** A node's report that the operator will not use: ids that are not ids, counts that are not counts. */
    public static final String INVALID_NODE_REPORT = "InvalidNodeReport";
    /** A node's report names pods the API server does not place on that node; they are ignored. */
    public static final String UNVERIFIED_POD_CLAIM = "UnverifiedPodClaim";
    public static final String MISSING_NODE = "MissingNode";

    /** How many names a finding message lists before it says how many more there are. */
    public static final int NAMES_LISTED = 5;

    /** {@code names} for a message: the first {@link #NAMES_LISTED}, then how many more. */
    public static String listed(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(NAMES_LISTED, names.size())));
        return names.size() <= NAMES_LISTED ? shown : shown + " and " + (names.size() - NAMES_LISTED) + " more";
    }

    /** {@code message}, cut to the CRD's {@link NodeNamespacesStatus#MESSAGE_LENGTH} characters. */
    public static String bounded(String message) {
        int max = NodeNamespacesStatus.MESSAGE_LENGTH;
        return message.length() <= max ? message : message.substring(0, max - 1) + "…";
    }

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
