package io.lxkns.agent.engines;

import java.util.Map;

/**
 * A running (or paused) container, as its engine reports it.
 *
 * @param id the engine's container id
 * @param name Docker's name, or for containerd the Kubernetes container name where there is one,
 *     else the id
 * @param engine which engine reports it
 * @param engineNamespace the containerd namespace ({@code k8s.io}, {@code moby}, ...); null for Docker and CRI
 * @param endpoint the engine socket it came from
 * @param pid the init process's PID as the engine sees it (the host's, for an engine on this host)
 * @param labels the container's labels; only Kubernetes identity labels ever leave the node
 * @param paused whether the container is paused (frozen)
 * @param pod its Kubernetes pod: from the CRI's sandbox metadata, else from the kubelet's labels; null
 *     for a container outside Kubernetes
 */
public record Container(
        String id,
        String name,
        EngineKind engine,
        String engineNamespace,
        String endpoint,
        int pid,
        Map<String, String> labels,
        boolean paused,
        Pod pod) {

    public Container {
        labels = Map.copyOf(labels);
    }

    public Container withPaused(boolean changed) {
        return new Container(id, name, engine, engineNamespace, endpoint, pid, labels, changed, pod);
    }
}
