package io.lxkns.agent.testing;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.Correlator;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.NodeInfo;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A made-up busy node: pods of two containers (sandbox and app, sharing net, ipc and uts), each with
 * its own pid and mnt namespaces, plus bind-mounted network namespaces nobody uses, up to a given
 * number of namespaces.
 */
public final class SyntheticNode {
    private SyntheticNode() {}

    public static NodeView of(int namespaceCount, int podCount) {
        Map<NamespaceId, Namespace> namespaces = new TreeMap<>();
        Map<Integer, ProcessInfo> processes = new TreeMap<>();
        Map<NamespaceType, NamespaceId> initial = new EnumMap<>(NamespaceType.class);
        long inode = 4026531830L;
        for (NamespaceType type : NamespaceType.values()) {
            NamespaceId id = new NamespaceId(type, inode++);
            initial.put(type, id);
            namespaces.put(id, namespace(id, true, Set.of(Source.PROC), List.of()));
        }
        NamespaceId hostUser = initial.get(NamespaceType.USER);
        processes.put(1, process(1, 0, "systemd", initial));
        List<Container> containers = new ArrayList<>();
        int pid = 1000;
        for (int p = 0; p < podCount; p++) {
            Map<NamespaceType, NamespaceId> shared = new EnumMap<>(initial);
            for (NamespaceType type : List.of(NamespaceType.NET, NamespaceType.IPC, NamespaceType.UTS)) {
                shared.put(type, new NamespaceId(type, inode++));
            }
            Pod pod = new Pod("team-" + (p % 20), "service-" + p + "-7f9c8d6b5-x2x4z", "uid-" + p, "", false);
            for (String name : List.of("POD", "app")) {
                Map<NamespaceType, NamespaceId> own = new EnumMap<>(shared);
                own.put(NamespaceType.PID, new NamespaceId(NamespaceType.PID, inode++));
                own.put(NamespaceType.MNT, new NamespaceId(NamespaceType.MNT, inode++));
                processes.put(pid, process(pid, 1, name.equals("POD") ? "pause" : "server", own));
                own.forEach((type, id) -> namespaces.computeIfAbsent(id, k -> namespace(k, false, Set.of(Source.PROC), List.of())));
                String id = Long.toHexString(0x5eed000000L + pid) + "0123456789abcdef0123456789abcdef0123456789abcdef";
                containers.add(new Container(id, name, EngineKind.CONTAINERD, "k8s.io", "/run/containerd/containerd.sock",
                        pid, Map.of(), false, new Pod(pod.namespace(), pod.name(), pod.uid(), name, name.equals("POD"))));
                pid++;
            }
        }
        NamespaceId hostMnt = initial.get(NamespaceType.MNT);
        while (namespaces.size() < namespaceCount) {
            NamespaceId id = new NamespaceId(NamespaceType.NET, inode++);
            namespaces.put(id, namespace(id, false, Set.of(Source.BINDMOUNT),
                    List.of(new BindMount("/run/netns/cni-" + Long.toHexString(id.inode()) + "-leaked", hostMnt))));
        }
        namespaces.replaceAll((id, ns) -> ns.type() == NamespaceType.USER ? ns : withOwner(ns, hostUser));
        DiscoveryResult discovery = new DiscoveryResult(new NodeInfo("node-1", "0b5c7a2e-1111-2222-3333-444455556666", "6.18"),
                Instant.parse("2026-11-29T00:00:00Z"), Duration.ofMillis(40), namespaces, processes, initial, List.of(),
                Map.of());
        EngineSnapshot engine = new EngineSnapshot(EngineKind.CONTAINERD, "/run/containerd/containerd.sock", true, true,
                null, containers);
        return Correlator.correlate(discovery, List.of(engine));
    }

    private static Namespace namespace(NamespaceId id, boolean initial, Set<Source> sources, List<BindMount> mounts) {
        return new Namespace(id, 4, initial, sources, null, null, id.type() == NamespaceType.USER ? 0 : null, 0,
                List.of(), List.of(), mounts, List.of(), List.of(), id.type() == NamespaceType.MNT ? 30 : null, 0);
    }

    private static Namespace withOwner(Namespace ns, NamespaceId owner) {
        return new Namespace(ns.id(), ns.dev(), ns.initial(), ns.sources(), owner, ns.parent(), ns.ownerUid(),
                ns.processCount(), ns.leaders(), ns.looseThreads(), ns.bindMounts(), ns.fdRefs(), ns.socketRefs(),
                ns.mountCount(), ns.unlisted());
    }

    private static ProcessInfo process(int pid, int ppid, String comm, Map<NamespaceType, NamespaceId> namespaces) {
        return new ProcessInfo(pid, ppid, comm, 'S', 0, 100, 1, namespaces, Map.of(), List.of(pid), "/", false);
    }
}
