package io.lxkns.agent.node;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import java.util.List;
import java.util.Map;

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
 */
public record NodeView(
        DiscoveryResult discovery,
        List<EngineSnapshot> engines,
        List<Container> containers,
        Map<Integer, Container> containerOfPid,
        Map<NamespaceId, List<Container>> containersOfNamespace) {

    public List<Container> containersIn(NamespaceId namespace) {
        return containersOfNamespace.getOrDefault(namespace, List.of());
    }

    /** The distinct pods with a container in a namespace, in container order. */
    public List<Pod> podsIn(NamespaceId namespace) {
        return containersIn(namespace).stream().map(Container::pod).filter(p -> p != null)
                .map(p -> new Pod(p.namespace(), p.name(), p.uid(), "", false)).distinct().toList();
    }

    /** What the engines could not tell, one line each. */
    public List<String> engineWarnings() {
        return engines.stream().filter(e -> !e.up())
                .map(e -> e.engine() + " at " + e.endpoint() + " is not reachable: " + e.error())
                .toList();
    }
}
