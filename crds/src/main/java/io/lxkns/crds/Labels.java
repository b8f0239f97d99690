package io.lxkns.crds;

/** The labels lxkns puts on what it writes. */
public final class Labels {
    /** Kubernetes' recommended label for the tool that manages an object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Its value on NodeNamespaces, which only agents write. */
    public static final String AGENT = "lxkns-agent";
    /** Its value on ClusterNamespaces and Events, which only the operator writes. */
    public static final String OPERATOR = "lxkns-operator";

    private Labels() {}
}
