package io.lxkns.operator.ui;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.operator.analysis.ClusterAnalysis.ObservedPod;
import io.lxkns.operator.ui.UiSnapshot.NodeInfo;
import io.lxkns.operator.ui.UiSnapshot.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Each view's content as JSON-ready maps, built on request from one snapshot. The page shows
 * exactly this, and the JSON download is this: what is on screen is what is downloaded.
 */
public final class UiViews {
    /** Findings a view lists; all are counted. */
    static final int MAX_LISTED_FINDINGS = 500;
    /** Node names listed per state. */
    static final int MAX_NODE_NAMES = 200;
    static final int MAX_SEARCH_HITS = 100;
    static final int MAX_QUERY_LENGTH = 256;
    /** Linux nests user namespaces at most 32 deep; a report claiming more is cut there. */
    static final int MAX_DEPTH = 33;
    static final List<String> TYPES = List.of("user", "mnt", "net", "pid", "ipc", "uts", "cgroup", "time");

    /** What each finding type means and where to look: the docs' table, for the 2 a.m. reader. */
    static final Map<String, String> EXPLANATIONS = Map.ofEntries(
            Map.entry(Findings.HOST_NAMESPACE_UNEXPECTED, "The pod's containers are in one of the host's net, uts, pid"
                    + " or ipc namespaces although its spec does not ask for it (hostNetwork/hostPID/hostIPC). Check the"
                    + " runtime and any admission that should have isolated it."),
            Map.entry(Findings.HOST_NAMESPACE_REQUESTED, "The pod is in a host namespace because its spec asks for it."),
            Map.entry(Findings.SHARED_ACROSS_PODS, "Two pods on one node share a net, pid, ipc or uts namespace that is"
                    + " not the host's: one can see or reach the other's processes, network or IPC."),
            Map.entry(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE, "A container is not in a namespace its runtime shares"
                    + " with the pod's sandbox."),
            Map.entry(Findings.USER_NAMESPACE_NOT_ISOLATED, "hostUsers: false, but the containers run in the host's"
                    + " user namespace: root in the container is root on the node."),
            Map.entry(Findings.USER_NAMESPACE_ISOLATED, "hostUsers: false, in effect."),
            Map.entry(Findings.LEAKED, "A namespace held only by a bind mount nothing uses, e.g. /run/netns/cni-…:"
                    + " left behind by a runtime or CNI plugin."),
            Map.entry(Findings.NAMESPACE_MODE_MISMATCH, "The API server's spec and the namespace modes the kubelet asked"
                    + " the runtime for differ (a static pod changed on the node, a changed kubelet)."),
            Map.entry(Findings.USER_NAMESPACE_OVERLAP, "Two pods' user namespaces map some of the same host uids."),
            Map.entry(Findings.USER_NAMESPACE_MAPS_HOST_ROOT, "A pod's own user namespace maps the host's uid 0."),
            Map.entry(Findings.STALE_NODE, "The node's report is older than the staleness limit: its agent is stuck or"
                    + " cannot reach the API server."),
            Map.entry(Findings.MISSING_NODE, "A Node without NodeNamespaces: the agent does not run there or cannot"
                    + " write."),
            Map.entry(Findings.INVALID_NODE_REPORT, "The node's report is not used: its agent is broken or the node is"
                    + " not to be trusted."),
            Map.entry(Findings.UNVERIFIED_POD_CLAIM, "The node reports pods the API server does not place on it."));

    private UiViews() {}

    /** Findings by severity and type, nodes by state, totals per namespace type. */
    public static Map<String, Object> cluster(UiSnapshot s) {
        Map<String, Object> view = header("cluster", s);
        Map<State, List<String>> byState = new TreeMap<>();
        s.nodes().values().forEach(n -> byState.computeIfAbsent(n.state(), k -> new ArrayList<>()).add(n.name()));
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodes.put("total", s.nodes().size());
        for (State state : State.values()) {
            List<String> names = byState.getOrDefault(state, List.of());
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("count", names.size());
            // The reporting ones are the many; the others are what someone came to look at.
            if (state != State.reporting) {
                group.put("names", first(names, MAX_NODE_NAMES));
            }
            nodes.put(state.name(), group);
        }
        view.put("nodes", nodes);
        view.put("namespacesByType", s.status().namespacesByType());
        view.put("podsObserved", s.status().podsObserved());
        Map<String, Map<String, Integer>> bySeverity = new TreeMap<>(Map.of(Findings.WARNING, new TreeMap<>(),
                Findings.INFO, new TreeMap<>()));
        s.findings().forEach(f -> bySeverity.computeIfAbsent(f.severity(), k -> new TreeMap<>()).merge(f.type(), 1,
                Integer::sum));
        view.put("findingsTotal", s.findings().size());
        view.put("findingsBySeverity", bySeverity);
        view.put("findings", first(s.findings(), MAX_LISTED_FINDINGS).stream().map(UiViews::finding).toList());
        return view;
    }

    /**
     * A node as {@code lxkns tree --user} shows it. {@code full} is its NodeNamespaces status with
     * the namespace entries (the informer cache keeps none), or null when it cannot be read.
     */
    public static Map<String, Object> node(UiSnapshot s, String name, NodeNamespacesStatus full) {
        NodeInfo info = s.nodes().get(name);
        if (info == null) {
            return null;
        }
        Map<String, Object> view = header("node", s);
        view.put("name", name);
        view.put("state", info.state().name());
        NodeNamespacesStatus report = info.report();
        if (report != null) {
            view.put("observedAt", report.observedAt());
            if (report.node() != null) {
                view.put("kernel", report.node().kernel());
                view.put("agentVersion", report.node().agentVersion());
            }
            view.put("summary", report.summary());
            view.put("hostNamespaces", report.initialNamespaces());
        }
        List<Finding> findings = s.findings().stream().filter(f -> name.equals(f.node())).toList();
        view.put("findings", first(findings, MAX_LISTED_FINDINGS).stream().map(UiViews::finding).toList());
        view.put("pods", s.podsOnNode().getOrDefault(name, List.of()).stream().map(key -> {
            ObservedPod pod = s.pods().get(key);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pod", key);
            p.put("hostNamespaces", hostTypes(pod));
            return p;
        }).toList());
        if (info.state() == State.invalid) {
            view.put("userTree", List.of());
            view.put("notice", "This node's report is not used (see its InvalidNodeReport finding).");
        } else if (full == null || full.namespaces() == null) {
            view.put("userTree", List.of());
            view.put("notice", report == null ? "This node has no NodeNamespaces." : "Its namespaces cannot be read now.");
        } else {
            view.put("userTree", userTree(full, findings));
        }
        return view;
    }

    /** The user namespaces as a tree, each with the namespaces it owns. */
    static List<Object> userTree(NodeNamespacesStatus report, List<Finding> nodeFindings) {
        Map<String, String> initial = report.initialNamespaces() == null ? Map.of() : report.initialNamespaces();
        Set<String> host = new HashSet<>(initial.values());
        Set<String> leaked = new HashSet<>();
        Set<String> shared = new HashSet<>();
        for (Finding f : nodeFindings) {
            if (Findings.LEAKED.equals(f.type())) {
                leaked.add(f.namespace());
            } else if (Findings.SHARED_ACROSS_PODS.equals(f.type())) {
                shared.add(f.namespace());
            }
        }
        Map<String, NamespaceEntry> users = new LinkedHashMap<>();
        Map<String, List<NamespaceEntry>> owned = new HashMap<>();
        Set<String> listed = new HashSet<>();
        for (NamespaceEntry e : report.namespaces()) {
            listed.add(e.id());
            if ("user".equals(e.type())) {
                users.put(e.id(), e);
            } else {
                owned.computeIfAbsent(String.valueOf(e.owner()), k -> new ArrayList<>()).add(e);
            }
        }
        // The host's own namespaces are not entries: they are the host user namespace's.
        String hostUser = initial.get("user");
        if (hostUser != null && !users.containsKey(hostUser)) {
            users.put(hostUser, new NamespaceEntry(hostUser, "user", null, null, null, null, null, null, null, null));
        }
        initial.forEach((type, id) -> {
            if (!"user".equals(type) && !listed.contains(id) && hostUser != null) {
                owned.computeIfAbsent(hostUser, k -> new ArrayList<>())
                        .add(new NamespaceEntry(id, type, null, hostUser, null, null, null, null, null, null));
            }
        });
        Map<String, List<NamespaceEntry>> children = new HashMap<>();
        List<NamespaceEntry> roots = new ArrayList<>();
        for (NamespaceEntry u : users.values()) {
            if (u.parent() != null && users.containsKey(u.parent()) && !u.parent().equals(u.id())) {
                children.computeIfAbsent(u.parent(), k -> new ArrayList<>()).add(u);
            } else {
                roots.add(u);
            }
        }
        Marks marks = new Marks(host, leaked, shared);
        Set<String> visited = new HashSet<>();
        List<Object> tree = new ArrayList<>();
        roots.forEach(r -> tree.add(userNode(r, children, owned, marks, visited, 0)));
        // A parent cycle (only a made-up report has one) has no root: its members are shown as roots.
        users.values().stream().filter(u -> !visited.contains(u.id()))
                .forEach(u -> tree.add(userNode(u, children, owned, marks, visited, 0)));
        List<Object> unowned = new ArrayList<>();
        owned.forEach((owner, list) -> {
            if (!users.containsKey(owner)) {
                list.forEach(e -> unowned.add(namespace(e, marks)));
            }
        });
        if (!unowned.isEmpty()) {
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("id", null);
            rest.put("label", "owner not reported");
            rest.put("owned", unowned);
            rest.put("children", List.of());
            tree.add(rest);
        }
        return tree;
    }

    private record Marks(Set<String> host, Set<String> leaked, Set<String> shared) {}

    private static Map<String, Object> userNode(NamespaceEntry user, Map<String, List<NamespaceEntry>> children,
            Map<String, List<NamespaceEntry>> owned, Marks marks, Set<String> visited, int depth) {
        visited.add(user.id());
        Map<String, Object> node = namespace(user, marks);
        node.put("owned", owned.getOrDefault(user.id(), List.of()).stream().map(e -> namespace(e, marks)).toList());
        List<Object> nested = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            for (NamespaceEntry child : children.getOrDefault(user.id(), List.of())) {
                if (!visited.contains(child.id())) {
                    nested.add(userNode(child, children, owned, marks, visited, depth + 1));
                }
            }
        }
        node.put("children", nested);
        return node;
    }

    private static Map<String, Object> namespace(NamespaceEntry e, Marks marks) {
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("id", e.id());
        ns.put("type", e.type());
        ns.put("host", marks.host().contains(e.id()));
        ns.put("shared", marks.shared().contains(e.id()) || (e.pods() != null && e.pods().size() > 1));
        ns.put("leaked", marks.leaked().contains(e.id()));
        ns.put("leader", e.leader());
        ns.put("processCount", e.processCount());
        ns.put("sources", e.sources());
        ns.put("bindMounts", e.bindMounts());
        ns.put("pods", e.pods());
        return ns;
    }

    /** A pod's containers × namespace types, its spec's host flags beside what was observed, its findings. */
    public static Map<String, Object> pod(UiSnapshot s, String key) {
        ObservedPod pod = s.pods().get(key);
        if (pod == null) {
            return null;
        }
        PodEntry entry = pod.entry();
        Map<String, Object> view = header("pod", s);
        view.put("pod", key);
        view.put("namespace", entry.namespace());
        view.put("name", entry.name());
        view.put("node", pod.node());
        view.put("uid", entry.uid());
        PodSpec spec = pod.pod().getSpec();
        Set<String> hostTypes = new HashSet<>(hostTypes(pod));
        List<Map<String, Object>> flags = new ArrayList<>();
        flags.add(flag("hostNetwork", spec.getHostNetwork(), "net", hostTypes.contains("net")));
        flags.add(flag("hostPID", spec.getHostPID(), "pid", hostTypes.contains("pid")));
        flags.add(flag("hostIPC", spec.getHostIPC(), "ipc", hostTypes.contains("ipc")));
        // hostUsers defaults to true: the host's user namespace is what the spec asks for then.
        flags.add(flag("hostUsers", spec.getHostUsers() == null ? Boolean.TRUE : spec.getHostUsers(), "user",
                hostTypes.contains("user")));
        view.put("hostFlags", flags);
        if (entry.sandbox() != null) {
            PodSandbox sandbox = entry.sandbox();
            // By type, on screen and in the download alike: the operator's caches keep maps without order.
            view.put("sandbox", sandbox.modes() == null ? sandbox : new PodSandbox(sandbox.id(), sandbox.runtime(),
                    sandbox.state(), new TreeMap<>(sandbox.modes()), sandbox.netnsPath(), sandbox.uidMap(),
                    sandbox.gidMap()));
        }
        Map<String, Set<String>> sharers = sharers(s, pod.node(), key);
        view.put("types", TYPES);
        List<Object> containers = new ArrayList<>();
        for (PodContainer c : entry.containers() == null ? List.<PodContainer>of() : entry.containers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("id", c.id());
            row.put("engine", c.engine());
            row.put("sandbox", c.sandbox());
            row.put("pid", c.pid());
            Map<String, Object> cells = new LinkedHashMap<>();
            for (String type : TYPES) {
                String id = c.namespaces() == null ? null : c.namespaces().get(type);
                if (id == null) {
                    continue;
                }
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("id", id);
                cell.put("host", id.equals(pod.hostNamespaces().get(type)));
                cell.put("sharedWith", List.copyOf(sharers.getOrDefault(id, Set.of())));
                cells.put(type, cell);
            }
            row.put("namespaces", cells);
            containers.add(row);
        }
        view.put("containers", containers);
        view.put("findings", s.findings().stream().filter(f -> key.equals(f.pod()))
                .limit(MAX_LISTED_FINDINGS).map(f -> {
                    Map<String, Object> explained = finding(f);
                    explained.put("explanation", EXPLANATIONS.get(f.type()));
                    return explained;
                }).toList());
        return view;
    }

    private static Map<String, Object> flag(String field, Boolean spec, String type, boolean observed) {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("field", field);
        flag.put("spec", Boolean.TRUE.equals(spec));
        flag.put("type", type);
        flag.put("observedHost", observed);
        flag.put("agrees", Boolean.TRUE.equals(spec) == observed);
        return flag;
    }

    /** The other pods on the node in each namespace (not the host's) that this pod is in. */
    private static Map<String, Set<String>> sharers(UiSnapshot s, String node, String key) {
        Map<String, Set<String>> byId = new HashMap<>();
        for (String other : s.podsOnNode().getOrDefault(node, List.of())) {
            if (other.equals(key)) {
                continue;
            }
            ObservedPod o = s.pods().get(other);
            for (String id : namespaceIds(o.entry())) {
                if (!o.hostNamespaces().containsValue(id)) {
                    byId.computeIfAbsent(id, k -> new TreeSet<>()).add(other);
                }
            }
        }
        return byId;
    }

    private static Set<String> namespaceIds(PodEntry entry) {
        Set<String> ids = new HashSet<>();
        if (entry.namespaces() != null) {
            ids.addAll(entry.namespaces().values());
        }
        if (entry.containers() != null) {
            entry.containers().stream().filter(c -> c.namespaces() != null).forEach(c -> ids.addAll(c.namespaces().values()));
        }
        return ids;
    }

    private static List<String> hostTypes(ObservedPod pod) {
        Set<String> types = new TreeSet<>();
        if (pod.entry().hostNamespaces() != null) {
            types.addAll(pod.entry().hostNamespaces());
        }
        Map<String, String> own = pod.entry().namespaces() == null ? Map.of() : pod.entry().namespaces();
        own.forEach((type, id) -> {
            if (id.equals(pod.hostNamespaces().get(type))) {
                types.add(type);
            }
        });
        return List.copyOf(types);
    }

    /**
     * Pods and nodes by part of their name; pods and nodes by a namespace id (type:[inode] or the
     * inode alone); containers by PID; pods by their netns path. A scan of the snapshot: at 1,000
     * nodes a few hundred thousand comparisons, milliseconds, and no index to keep in memory.
     */
    public static Map<String, Object> search(UiSnapshot s, String query) {
        String q = query == null ? "" : query.strip();
        if (q.length() > MAX_QUERY_LENGTH) {
            q = q.substring(0, MAX_QUERY_LENGTH);
        }
        Map<String, Object> view = header("search", s);
        view.put("q", q);
        List<Map<String, Object>> hits = new ArrayList<>();
        if (!q.isEmpty()) {
            collect(s, q, hits);
        }
        view.put("truncated", hits.size() > MAX_SEARCH_HITS);
        view.put("hits", first(hits, MAX_SEARCH_HITS));
        return view;
    }

    private static void collect(UiSnapshot s, String q, List<Map<String, Object>> hits) {
        String lower = q.toLowerCase(Locale.ROOT);
        boolean digits = q.chars().allMatch(Character::isDigit);
        String inode = digits ? ":[" + q + "]" : null;
        Integer pid = digits && q.length() <= 7 ? Integer.valueOf(q) : null;
        boolean path = q.startsWith("/");
        for (NodeInfo node : s.nodes().values()) {
            if (hits.size() > MAX_SEARCH_HITS) {
                return;
            }
            if (node.name().toLowerCase(Locale.ROOT).contains(lower)) {
                hits.add(hit("node", node.name(), null, null, node.state().name()));
            }
            Map<String, String> initial = node.report() == null || node.report().initialNamespaces() == null
                    ? Map.of() : node.report().initialNamespaces();
            initial.forEach((type, id) -> {
                if (matchesId(id, q, inode)) {
                    hits.add(hit("namespace", id, node.name(), null, "the host's " + type + " namespace"));
                }
            });
        }
        for (Map.Entry<String, ObservedPod> e : s.pods().entrySet()) {
            if (hits.size() > MAX_SEARCH_HITS) {
                return;
            }
            String key = e.getKey();
            ObservedPod pod = e.getValue();
            if (key.toLowerCase(Locale.ROOT).contains(lower)) {
                hits.add(hit("pod", key, pod.node(), key, null));
            }
            for (String id : new TreeSet<>(namespaceIds(pod.entry()))) {
                if (matchesId(id, q, inode)) {
                    hits.add(hit("namespace", id, pod.node(), key, "a namespace of this pod"));
                }
            }
            if (pid != null && pod.entry().containers() != null) {
                for (PodContainer c : pod.entry().containers()) {
                    if (pid.equals(c.pid())) {
                        hits.add(hit("pid", q, pod.node(), key, "PID of container " + c.name()));
                    }
                }
            }
            String netns = pod.entry().sandbox() == null ? null : pod.entry().sandbox().netnsPath();
            if (path && netns != null && netns.contains(q)) {
                hits.add(hit("netns", netns, pod.node(), key, "the pod's network namespace file"));
            }
        }
    }

    private static boolean matchesId(String id, String q, String inode) {
        return id != null && (id.equals(q) || (inode != null && id.endsWith(inode)));
    }

    private static Map<String, Object> hit(String kind, String label, String node, String pod, String detail) {
        Map<String, Object> hit = new LinkedHashMap<>();
        hit.put("kind", kind);
        hit.put("label", label);
        hit.put("node", node);
        hit.put("pod", pod);
        hit.put("detail", detail);
        return hit;
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", f.type());
        m.put("severity", f.severity());
        m.put("node", f.node());
        m.put("pod", f.pod());
        m.put("namespace", f.namespace());
        m.put("message", f.message());
        return m;
    }

    private static Map<String, Object> header(String name, UiSnapshot s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("view", name);
        view.put("at", s.at().toString());
        view.put("writer", s.writer());
        return view;
    }

    private static <T> List<T> first(List<T> list, int limit) {
        return List.copyOf(list.subList(0, Math.min(limit, list.size())));
    }
}
