package io.lxkns.agent.engines;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Kubernetes pod a container belongs to, read from the labels the kubelet (through CRI) puts on
 * every container: {@code io.kubernetes.pod.namespace}, {@code .name}, {@code .uid} and {@code
 * io.kubernetes.container.name}.
 *
 * @param container the container's name in the pod spec; for the sandbox, "POD" or empty
 * @param sandbox true for the pod's sandbox ("pause") container, which holds the pod's shared
 *     namespaces
 */
public record Pod(String namespace, String name, String uid, String container, boolean sandbox) {
    public static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    public static final String NAME_LABEL = "io.kubernetes.pod.name";
    public static final String UID_LABEL = "io.kubernetes.pod.uid";
    public static final String CONTAINER_LABEL = "io.kubernetes.container.name";
    /** containerd's CRI plugin: "sandbox" or "container". */
    static final String CRI_CONTAINERD_KIND = "io.cri-containerd.kind";
    /** dockershim / cri-dockerd: "podsandbox" or "container". */
    static final String DOCKER_TYPE = "io.kubernetes.docker.type";

    /** A Kubernetes namespace name (a DNS label). */
    private static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    /** A pod or container name: a DNS subdomain. */
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
    private static final Pattern UID = Pattern.compile("^[A-Za-z0-9-]{0,128}$");

    /**
     * The pod a container's labels name, or null when they name none, or none that Kubernetes could
     * have named: anyone who may run containers can set these labels, and a report with a name the
     * API server would refuse would not be written at all.
     */
    public static Pod fromLabels(Map<String, String> labels) {
        String container = labels.getOrDefault(CONTAINER_LABEL, "");
        boolean sandbox = "sandbox".equals(labels.get(CRI_CONTAINERD_KIND))
                || "podsandbox".equals(labels.get(DOCKER_TYPE))
                || (!labels.containsKey(CRI_CONTAINERD_KIND) && !labels.containsKey(DOCKER_TYPE)
                        && (container.isEmpty() || container.equals("POD")));
        return of(labels.get(NAMESPACE_LABEL), labels.get(NAME_LABEL), labels.getOrDefault(UID_LABEL, ""), container,
                sandbox);
    }

    /**
     * The pod with this identity, or null when Kubernetes could not have named it so: what a CRI
     * runtime reports is what the kubelet asked for, but a runtime is also used by others.
     */
    public static Pod of(String namespace, String name, String uid, String container, boolean sandbox) {
        if (name == null || namespace == null || !NAMESPACE.matcher(namespace).matches() || !NAME.matcher(name).matches()
                || uid == null || !UID.matcher(uid).matches()) {
            return null;
        }
        if (!container.isEmpty() && !container.equals("POD") && !NAME.matcher(container).matches()) {
            return null;
        }
        return new Pod(namespace, name, uid, container, sandbox);
    }

    /** The pod itself, without which of its containers this one is: equal for all of them. */
    public Pod identity() {
        return new Pod(namespace, name, uid, "", false);
    }

    /** {@code namespace/name}, as kubectl shows a pod. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
