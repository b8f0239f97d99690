package io.lxkns.agent.node;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.agent.engines.Sandbox;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything known about this node at one moment: the namespaces and processes, the containers,
 * and how they belong together.
 *
 * @param discovery the namespace discovery
 * @param engines what each engine answered (or why it did not)
 * @param containers every container once, ordered by engine, namespace and name
 * @param containerOfPid the container each process belongs to (absent: none)
 * @param containersOfNamespace the containers with a process in each namespace, ordered as {@code
 *     containers}
 * @param userMaps the uid and gid maps of the user namespaces pods are in, other than the host's
 * @param netnsOwners the pod each network namespace was made for, as far as the runtime tells and
 *     the observer remembers
 */
public record NodeView(
        DiscoveryResult discovery,
        List<EngineSnapshot> engines,
        List<Container> containers,
        Map<Integer, Container> containerOfPid,
        Map<NamespaceId, List<Container>> containersOfNamespace,
        Map<NamespaceId, UserMaps> userMaps,
        Map<NamespaceId, NetnsOwner> netnsOwners) {

    public NodeView withPodFacts(Map<NamespaceId, UserMaps> maps, Map<NamespaceId, NetnsOwner> owners) {
        return new NodeView(discovery, engines, containers, containerOfPid, containersOfNamespace, Map.copyOf(maps),
                Map.copyOf(owners));
    }

    /**
     * The sandbox of a pod as the CRI runtime lists it: the ready one where there is one (a pod's
     * earlier attempts stay listed, not ready, until the kubelet removes them), else the newest.
     */
    public Optional<Sandbox> sandboxOf(Pod pod) {
        return engines.stream().flatMap(e -> e.sandboxes().stream())
                .filter(s -> s.pod() != null && s.pod().uid().equals(pod.uid())
                        && s.pod().qualifiedName().equals(pod.qualifiedName()))
                .max(Comparator.comparing(Sandbox::ready)
                        .thenComparing(s -> s.created() == null ? Instant.EPOCH : s.created()));
    }

    public List<Container> containersIn(NamespaceId namespace) {
        return containersOfNamespace.getOrDefault(namespace, List.of());
    }

    /** The distinct pods with a container in a namespace, in container order. */
    public List<Pod> podsIn(NamespaceId namespace) {
        return containersIn(namespace).stream().map(Container::pod).filter(p -> p != null)
                .map(Pod::identity).distinct().toList();
    }

    /** What the engines could not tell, one line each. */
    public List<String> engineWarnings() {
        return engines.stream().filter(e -> !e.up())
                .map(e -> e.engine() + " at " + e.endpoint() + " is not reachable: " + e.error())
                .toList();
    }
}
