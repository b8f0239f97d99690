package io.lxkns.agent.node;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which process belongs to which container:
 *
 * <ol>
 *   <li>a container's init process (the PID its engine reports) and every descendant of it belong to
 *       it; with nested containers, the nearest init ancestor wins;
 *   <li>a process that descends from no init ({@code docker exec}, {@code ctr task exec}: they are
 *       children of the shim) belongs to the container whose init created the PID namespace it is in.
 * </ol>
 *
 * A container's namespaces are then those of its processes.
 */
public final class Correlator {
    private static final Comparator<Container> ORDER = Comparator
            .comparing(Container::engine)
            .thenComparing(c -> c.engineNamespace() == null ? "" : c.engineNamespace())
            .thenComparing(Container::name)
            .thenComparing(Container::id);

    private Correlator() {}

    public static NodeView correlate(DiscoveryResult discovery, List<EngineSnapshot> engines) {
        List<Container> containers = new ArrayList<>(containers(engines));
        containers.sort(ORDER);
        Map<Integer, ProcessInfo> processes = discovery.processes();

        Map<Integer, Container> byInit = new HashMap<>();
        Map<NamespaceId, Container> byOwnPidNamespace = new HashMap<>();
        for (Container container : containers) {
            ProcessInfo init = processes.get(container.pid());
            if (init == null) {
                continue; // exited meanwhile, or not visible in this procfs
            }
            byInit.put(init.pid(), container);
            NamespaceId pidNs = init.namespace(NamespaceType.PID);
            // PID 1 of its namespace: that is the process the namespace was made for. Not "its parent
            // is elsewhere": a --pid=host container whose shim is not visible would then claim every
            // host process, and in a pod sharing one PID namespace every container's init would.
            boolean createdItsPidNamespace = pidNs != null && init.innermostPid() == 1;
            if (createdItsPidNamespace) {
                byOwnPidNamespace.putIfAbsent(pidNs, container);
            }
        }

        Map<Integer, Container> ofPid = new TreeMap<>();
        Map<NamespaceId, Set<Container>> ofNamespace = new HashMap<>();
        for (ProcessInfo process : processes.values()) {
            Container container = nearestInit(process, processes, byInit);
            if (container == null) {
                container = byOwnPidNamespace.get(process.namespace(NamespaceType.PID));
            }
            if (container == null) {
                continue;
            }
            ofPid.put(process.pid(), container);
            for (NamespaceId ns : process.namespaces().values()) {
                ofNamespace.computeIfAbsent(ns, k -> new LinkedHashSet<>()).add(container);
            }
        }
        Map<NamespaceId, List<Container>> sorted = new HashMap<>();
        ofNamespace.forEach((ns, set) -> sorted.put(ns, set.stream().sorted(ORDER).toList()));
        return new NodeView(discovery, engines, List.copyOf(containers),
                Collections.unmodifiableMap(ofPid), Collections.unmodifiableMap(sorted), Map.of(), Map.of());
    }

    /**
     * Every container once. The CRI names pods as the kubelet asked for them, so where a CRI runtime
     * answered, its view of a container wins over the same container in containerd's or Docker's API
     * (only whether it is paused comes from there: the CRI does not say). Docker's containers also
     * live in containerd's {@code moby} namespace, without Docker's names and labels; where Docker
     * answered, its view wins over that.
     */
    public static List<Container> containers(List<EngineSnapshot> engines) {
        Set<String> criIds = idsOf(engines, EngineKind.CRI);
        Set<String> dockerIds = idsOf(engines, EngineKind.DOCKER);
        Set<String> pausedElsewhere = new HashSet<>();
        List<Container> all = new ArrayList<>();
        for (EngineSnapshot engine : engines) {
            for (Container container : engine.containers()) {
                boolean dockerDuplicate = container.engine() == EngineKind.CONTAINERD
                        && "moby".equals(container.engineNamespace()) && dockerIds.contains(container.id());
                boolean criDuplicate = container.engine() != EngineKind.CRI && criIds.contains(container.id());
                if (criDuplicate && container.paused()) {
                    pausedElsewhere.add(container.id());
                }
                if (!dockerDuplicate && !criDuplicate) {
                    all.add(container);
                }
            }
        }
        all.replaceAll(c -> c.engine() == EngineKind.CRI && pausedElsewhere.contains(c.id()) ? c.withPaused(true) : c);
        return all;
    }

    private static Set<String> idsOf(List<EngineSnapshot> engines, EngineKind kind) {
        Set<String> ids = new HashSet<>();
        engines.stream().filter(e -> e.engine() == kind).forEach(e -> e.containers().forEach(c -> ids.add(c.id())));
        return ids;
    }

    private static Container nearestInit(ProcessInfo process, Map<Integer, ProcessInfo> processes,
            Map<Integer, Container> byInit) {
        ProcessInfo step = process;
        for (int depth = 0; step != null && depth < 4096; depth++) {
            Container container = byInit.get(step.pid());
            if (container != null) {
                return container;
            }
            step = step.ppid() == step.pid() ? null : processes.get(step.ppid());
        }
        return null;
    }
}
