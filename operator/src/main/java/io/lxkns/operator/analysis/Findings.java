package io.lxkns.operator.analysis;

import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import java.util.Comparator;

/** The finding types and severities, and the order findings are listed in. */
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
