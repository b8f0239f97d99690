package io.lxkns.crds;

/**
 * The contract of the policy reports the operator writes and {@code kubectl lxkns} reads (the
 * OpenReports {@code Report}/{@code ClusterReport}, or wgpolicyk8s's): their name, source, label,
 * the policies of a pass, and the keys of a result's properties. docs/reports.md describes them.
 */
public final class PolicyReports {
    /** The name of every report lxkns writes (one per namespace, one cluster-wide), its source, and its managed-by label. */
    public static final String NAME = "lxkns";
    /** How many results a report left out (an annotation, a number). */
    public static final String OMITTED = "lxkns.io/omitted-results";
    /** The policy of a pod's pass: its observed namespaces are what its spec asks for. */
    public static final String POD_ISOLATION = "PodIsolation";
    /** The policy of a node's pass: its agent reports, and nothing is wrong with it. */
    public static final String NODE_REPORTING = "NodeReporting";

    // The keys of a result's properties.
    /** The node the pod or finding is on. */
    public static final String NODE = "node";
    /** The namespace id a finding names. */
    public static final String NAMESPACE = "namespace";
    /** {@code ns.TYPE}: the pod's namespace of that type. */
    public static final String NS_PREFIX = "ns.";
    /** The value of an {@code ns.TYPE} property for the host's own namespace. */
    public static final String HOST = "host";

    private PolicyReports() {}
}
