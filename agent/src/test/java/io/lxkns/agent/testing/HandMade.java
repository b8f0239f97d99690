package io.lxkns.agent.testing;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.Correlator;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.NodeInfo;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small node built by hand, namespace by namespace and process by process, for tests that need to
 * know every detail of their input. It starts as a host with its initial namespace of every type and
 * nothing else; {@link #view()} correlates it with the engines' containers as the agent does.
 *
 * <p>A namespace a process is in but that was not added explicitly is added as found by {@code proc}.
 */
public final class HandMade {
    /** The host's initial namespace of type T has inode {@code HOST_INODE + T.ordinal()}. */
    public static final long HOST_INODE = 4026531835L;
    public static final Instant STARTED_AT = Instant.parse("2026-11-29T01:50:00Z");
    public static final String CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";

    private final Map<NamespaceId, Namespace> namespaces = new TreeMap<>();
    /** The last PID given out in each PID namespace other than the host's. */
    private final Map<NamespaceId, Integer> innerPids = new HashMap<>();
    private final Map<Integer, ProcessInfo> processes = new TreeMap<>();
    private final Map<NamespaceType, NamespaceId> initial = new EnumMap<>(NamespaceType.class);
    private final List<EngineSnapshot> engines = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Map<String, Duration> stages = new LinkedHashMap<>();
    private Duration duration = Duration.ofMillis(40);

    private HandMade() {}

    /** A host with its initial namespaces (found by proc, owned by the host's user namespace), no process. */
    public static HandMade host() {
        HandMade node = new HandMade();
        NamespaceId hostUser = id(NamespaceType.USER, HOST_INODE + NamespaceType.USER.ordinal());
        for (NamespaceType type : NamespaceType.values()) {
            NamespaceId id = id(type, HOST_INODE + type.ordinal());
            node.initial.put(type, id);
            Ns ns = ns(id).initial().sources(Source.PROC);
            if (type == NamespaceType.USER) {
                ns.ownerUid(0);
            } else {
                ns.owner(hostUser);
            }
            node.add(ns);
        }
        return node;
    }

    public static NamespaceId id(NamespaceType type, long inode) {
        return new NamespaceId(type, inode);
    }

    /** The host's initial namespace of a type. */
    public NamespaceId initial(NamespaceType type) {
        return initial.get(type);
    }

    /** Adds a namespace, or replaces the one with the same id. */
    public HandMade add(Ns namespace) {
        Namespace built = namespace.build();
        namespaces.put(built.id(), built);
        return this;
    }

    /** Adds a process. */
    public HandMade add(ProcessInfo process) {
        processes.put(process.pid(), process);
        return this;
    }

    /**
     * Adds a process (state S, uid 0, one thread, cgroup "/") in the host's initial namespaces except
     * for the ones given. In a PID namespace of its own it gets the next PID there, starting at 1:
     * add a container's init first.
     */
    public ProcessInfo process(int pid, int ppid, String comm, NamespaceId... own) {
        return process(pid, ppid, comm, 0, own);
    }

    /** The same, owned by a UID. */
    public ProcessInfo process(int pid, int ppid, String comm, int uid, NamespaceId... own) {
        Map<NamespaceType, NamespaceId> in = namespacesOf(own);
        NamespaceId pidNamespace = in.get(NamespaceType.PID);
        List<Integer> nspids = pidNamespace.equals(initial.get(NamespaceType.PID)) ? List.of(pid)
                : List.of(pid, innerPids.merge(pidNamespace, 1, Integer::sum));
        ProcessInfo process = new ProcessInfo(pid, ppid, comm, 'S', uid, 1000L + pid, 1, in, Map.of(), nspids, "/", false);
        add(process);
        return process;
    }

    /** The host's initial namespaces, except for the ones given, by type. */
    public Map<NamespaceType, NamespaceId> namespacesOf(NamespaceId... own) {
        Map<NamespaceType, NamespaceId> in = new EnumMap<>(initial);
        for (NamespaceId id : own) {
            in.put(id.type(), id);
        }
        return in;
    }

    /** Adds an engine that answered with these containers. */
    public HandMade engine(EngineKind kind, Container... containers) {
        engines.add(new EngineSnapshot(kind, kind == EngineKind.DOCKER ? DOCKER_SOCKET : CONTAINERD_SOCKET, true, true,
                null, List.of(containers)));
        return this;
    }

    /** Adds an engine snapshot as it is. */
    public HandMade engine(EngineSnapshot snapshot) {
        engines.add(snapshot);
        return this;
    }

    public HandMade warning(Warning warning) {
        warnings.add(warning);
        return this;
    }

    public HandMade timing(Duration total, Map<String, Duration> stageDurations) {
        duration = total;
        stages.clear();
        stages.putAll(stageDurations);
        return this;
    }

    public DiscoveryResult discovery() {
        Map<NamespaceId, Namespace> all = new TreeMap<>(namespaces);
        for (ProcessInfo process : processes.values()) {
            for (NamespaceId id : process.namespaces().values()) {
                all.computeIfAbsent(id, k -> ns(k).sources(Source.PROC).build());
            }
        }
        return new DiscoveryResult(new NodeInfo("node-1", "0b5c7a2e-1111-2222-3333-444455556666", "6.18.44"),
                STARTED_AT, duration, all, new TreeMap<>(processes), new EnumMap<>(initial), warnings,
                new LinkedHashMap<>(stages));
    }

    /** The discovery correlated with the engines, as the agent and {@code lxkns ls} see it. */
    public NodeView view() {
        return Correlator.correlate(discovery(), List.copyOf(engines));
    }

    /** A container on this host's default endpoint of its engine, with no labels. */
    public static Container container(String id, String name, EngineKind engine, String engineNamespace, int pid,
            Pod pod) {
        return new Container(id, name, engine, engineNamespace,
                engine == EngineKind.DOCKER ? DOCKER_SOCKET : CONTAINERD_SOCKET, pid, Map.of(), false, pod);
    }

    /** A Kubernetes pod's container; its uid is made from the pod's namespace and name. */
    public static Pod pod(String namespace, String name, String container, boolean sandbox) {
        return new Pod(namespace, name, "uid-" + namespace + "-" + name, container, sandbox);
    }

    public static Ns ns(NamespaceId id) {
        return new Ns(id);
    }

    /** A namespace under construction: nothing found about it until said otherwise. */
    public static final class Ns {
        private final NamespaceId id;
        private boolean initial;
        private final Set<Source> sources = EnumSet.noneOf(Source.class);
        private NamespaceId owner;
        private NamespaceId parent;
        private Integer ownerUid;
        private int processCount;
        private List<Integer> leaders = List.of();
        private List<Integer> looseThreads = List.of();
        private final List<BindMount> bindMounts = new ArrayList<>();
        private final List<FdRef> fdRefs = new ArrayList<>();
        private final List<FdRef> socketRefs = new ArrayList<>();
        private Integer mountCount;

        private Ns(NamespaceId id) {
            this.id = id;
        }

        public Ns initial() {
            initial = true;
            return this;
        }

        public Ns sources(Source... found) {
            sources.addAll(Arrays.asList(found));
            return this;
        }

        public Ns owner(NamespaceId user) {
            owner = user;
            return this;
        }

        public Ns parent(NamespaceId namespace) {
            parent = namespace;
            return this;
        }

        public Ns ownerUid(int uid) {
            ownerUid = uid;
            return this;
        }

        public Ns processes(int count, Integer... topmost) {
            processCount = count;
            leaders = List.of(topmost);
            return this;
        }

        public Ns looseThreads(Integer... tids) {
            looseThreads = List.of(tids);
            return this;
        }

        public Ns bindMount(String path, NamespaceId mountNamespace) {
            bindMounts.add(new BindMount(path, mountNamespace));
            return this;
        }

        public Ns fdRef(int pid, int fd) {
            fdRefs.add(new FdRef(pid, fd));
            return this;
        }

        public Ns socketRef(int pid, int fd) {
            socketRefs.add(new FdRef(pid, fd));
            return this;
        }

        public Ns mountCount(int mounts) {
            mountCount = mounts;
            return this;
        }

        public Namespace build() {
            return new Namespace(id, 4, initial, sources, owner, parent, ownerUid, processCount, leaders, looseThreads,
                    bindMounts, fdRefs, socketRefs, mountCount, 0);
        }
    }
}
