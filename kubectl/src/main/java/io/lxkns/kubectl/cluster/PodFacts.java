package io.lxkns.kubectl.cluster;

/**
 * What the commands need of a Pod: its identity, its node and the spec fields that decide which of
 * the node's namespaces it should be in. A {@code null} flag is unset in the spec (the API server's
 * default applies: false, but {@code hostUsers} true).
 */
public record PodFacts(String namespace, String name, String uid, String nodeName, Boolean hostNetwork,
        Boolean hostPID, Boolean hostIPC, Boolean hostUsers, Boolean shareProcessNamespace) {

    /** {@code namespace/name}, the way the lxkns objects name a pod. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
