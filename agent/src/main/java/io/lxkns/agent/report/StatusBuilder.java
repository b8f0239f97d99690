package io.lxkns.agent.report;

import io.fabric8.kubernetes.api.model.Condition;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.node.UserMaps;
import io.lxkns.agent.node.NodeView;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.BindMountEntry;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.crds.NodeNamespacesStatus.Leader;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.NodeIdentity;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a node view into a NodeNamespaces status. Only {@code comm} names and the Kubernetes
 * identity of containers leave the node: no command lines, environments or other labels. Each
 * namespace entry lists at most {@value NodeNamespacesStatus#MAX_ENTRY_LIST} bind mounts, containers and pods: a
 * namespace bind-mounted ten thousand times is one bounded entry, not a report of its own.
 */
public final class StatusBuilder {

    private StatusBuilder() {}

    public static NodeNamespacesStatus build(NodeView view, String nodeName, String agentVersion, Instant now) {
        DiscoveryResult discovery = view.discovery();
        List<NamespaceEntry> namespaces = new ArrayList<>();
        Map<String, Integer> byType = new TreeMap<>();
        for (Namespace ns : discovery.namespaces().values()) {
            byType.merge(ns.type().procName(), 1, Integer::sum);
            if (!ns.initial()) {
                namespaces.add(entry(ns, view));
            }
        }
        List<PodEntry> pods = pods(view);
        List<Finding> findings = NodeFindings.of(view);
        int sharingHost = (int) pods.stream().filter(p -> p.hostNamespaces().stream()
                .anyMatch(Findings.ISOLATING::contains)).count();
        Map<String, String> initial = new TreeMap<>();
        discovery.initial().forEach((type, id) -> initial.put(type.procName(), id.toString()));
        return new NodeNamespacesStatus(
                new NodeIdentity(nodeName, discovery.node().bootId(), discovery.node().kernel(), agentVersion),
                discovery.startedAt().toString(),
                discovery.duration().toMillis(),
                new Summary(namespaces.size(), byType, discovery.processes().size(), view.containers().size(),
                        pods.size(), sharingHost, findings.size()),
                initial,
                namespaces,
                pods,
                findings,
                conditions(view, namespaces.size(), now));
    }

    private static NamespaceEntry entry(Namespace ns, NodeView view) {
        ProcessInfo leader = ns.leaders().isEmpty() ? null : view.discovery().processes().get(ns.leaders().get(0));
        List<String> sources = ns.sources().stream().sorted().map(Source::jsonName).toList();
        List<BindMountEntry> mounts = ns.bindMounts().stream()
                .map(m -> new BindMountEntry(m.path(), m.mountNamespace().toString())).toList();
        List<String> containers = view.containersIn(ns.id()).stream().map(Container::id).toList();
        List<String> pods = view.podsIn(ns.id()).stream().map(Pod::qualifiedName).toList();
        return new NamespaceEntry(ns.id().toString(), ns.type().procName(), sources, text(ns.owner()),
                text(ns.parent()), ns.processCount(), leader == null ? null : new Leader(leader.pid(), leader.comm()),
                capped(mounts), capped(containers), capped(pods));
    }

    /** One entry per pod; its namespaces are its sandbox's (else its first container's). */
    static List<PodEntry> pods(NodeView view) {
        Map<String, List<Container>> byPod = new LinkedHashMap<>();
        view.containers().stream().filter(c -> c.pod() != null)
                .sorted(Comparator.comparing((Container c) -> c.pod().qualifiedName())
                        .thenComparing(c -> !c.pod().sandbox()).thenComparing(Container::name))
                .forEach(c -> byPod.computeIfAbsent(c.pod().uid() + "/" + c.pod().qualifiedName(), k -> new ArrayList<>()).add(c));
        DiscoveryResult discovery = view.discovery();
        List<PodEntry> pods = new ArrayList<>();
        for (List<Container> containers : byPod.values()) {
            Pod pod = containers.get(0).pod();
            List<PodContainer> entries = new ArrayList<>();
            for (Container container : containers) {
                entries.add(new PodContainer(container.pod().container(), container.id(), container.engine().label(),
                        container.pod().sandbox(), container.pid(), namespacesOf(discovery.processes().get(container.pid()))));
            }
            Map<String, String> podNamespaces = entries.get(0).namespaces();
            List<String> hostTypes = new ArrayList<>();
            for (NamespaceType type : NamespaceType.values()) {
                boolean inHost = containers.stream().map(c -> discovery.processes().get(c.pid())).anyMatch(p ->
                        p != null && p.namespace(type) != null && p.namespace(type).equals(discovery.initial().get(type)));
                if (inHost) {
                    hostTypes.add(type.procName());
                }
            }
            ProcessInfo first = discovery.processes().get(containers.get(0).pid());
            NamespaceId user = first == null ? null : first.namespace(NamespaceType.USER);
            PodSandbox sandbox = view.sandboxOf(pod).map(s -> sandbox(s, user == null ? null : view.userMaps().get(user)))
                    .orElse(null);
            pods.add(new PodEntry(pod.namespace(), pod.name(), pod.uid(), podNamespaces, hostTypes, entries, sandbox));
        }
        return pods;
    }

    /** The runtime's sandbox, with the user namespace maps the kernel has (not only those asked for). */
    static PodSandbox sandbox(Sandbox sandbox, UserMaps observed) {
        Map<String, String> modes = null;
        if (sandbox.modes() != null) {
            NamespaceModes asked = sandbox.modes();
            modes = new TreeMap<>(Map.of("net", asked.network().label(), "pid", asked.pid().label(),
                    "ipc", asked.ipc().label()));
            if (asked.user() != null) {
                modes.put("user", asked.user().label());
            }
        }
        String netns = sandbox.netnsPath() != null && sandbox.netnsPath().length() <= NodeNamespacesStatus.PATH_LENGTH
                ? sandbox.netnsPath() : null;
        return new PodSandbox(sandbox.id(), runtime(sandbox.runtime()), sandbox.ready() ? "ready" : "notready", modes,
                netns, observed == null ? null : capped(observed.uids().stream().map(Object::toString).toList()),
                observed == null ? null : capped(observed.gids().stream().map(Object::toString).toList()));
    }

    /** A runtime's self-description, in the characters and length the CRD allows. */
    static String runtime(String text) {
        if (text == null) {
            return null;
        }
        String kept = text.replaceAll("[^A-Za-z0-9 ._+~:-]", "_");
        return kept.length() <= 64 ? kept : kept.substring(0, 64);
    }

    static Map<String, String> namespacesOf(ProcessInfo process) {
        Map<String, String> namespaces = new TreeMap<>();
        if (process != null) {
            process.namespaces().forEach((type, id) -> namespaces.put(type.procName(), id.toString()));
        }
        return namespaces;
    }

    /** Ready (the discovery ran), and one per engine kind (all its sockets answered). */
    private static List<Condition> conditions(NodeView view, int namespaces, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(Conditions.READY, true, "Discovered", "discovered " + namespaces
                + " namespaces besides the host's", now));
        Map<EngineKind, List<EngineSnapshot>> byEngine = new TreeMap<>();
        view.engines().forEach(e -> byEngine.computeIfAbsent(e.engine(), k -> new ArrayList<>()).add(e));
        byEngine.forEach((engine, snapshots) -> {
            List<EngineSnapshot> down = snapshots.stream().filter(s -> !s.up()).toList();
            // Not answered yet: its containers are unknown, not gone (the operator keeps the node's pods).
            boolean onlyUnanswered = down.stream().allMatch(s -> s.error() == null);
            conditions.add(down.isEmpty()
                    ? condition(Conditions.ENGINE_PREFIX + engine, true, "Reachable", snapshots.stream()
                            .map(s -> s.endpoint() + ": " + s.containers().size() + " containers").toList().toString(), now)
                    : condition(Conditions.ENGINE_PREFIX + engine, false, onlyUnanswered ? "NotListedYet" : "Unreachable",
                            down.stream().map(s -> s.endpoint() + ": " + (s.error() != null ? s.error()
                                    : "no answer to the first list yet; its containers are unknown, not gone"))
                                    .toList().toString(), now));
        });
        return conditions;
    }

    static Condition condition(String type, boolean status, String reason, String message, Instant now) {
        return Conditions.of(type, status, reason, message, now);
    }

    /** At most {@link NodeNamespacesStatus#MAX_ENTRY_LIST} items; none (absent) for an empty list. */
    private static <T> List<T> capped(List<T> list) {
        return nullIfEmpty(list.size() <= NodeNamespacesStatus.MAX_ENTRY_LIST ? list
                : List.copyOf(list.subList(0, NodeNamespacesStatus.MAX_ENTRY_LIST)));
    }

    /** Empty lists are left out: smaller objects, and the schema says absent means none. */
    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static String text(NamespaceId id) {
        return id == null ? null : id.toString();
    }
}
