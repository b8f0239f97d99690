package io.lxkns.kubectl.view;

import io.fabric8.kubernetes.api.model.Condition;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.BindMountEntry;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.kubectl.view.NodeView.BindMount;
import io.lxkns.kubectl.view.NodeView.ConditionView;
import io.lxkns.kubectl.view.NodeView.Entry;
import io.lxkns.kubectl.view.NodeView.Leader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a {@link NodeView} from a node's report. The report lists every namespace but the host's own,
 * each with its owner (for a user namespace: its parent); the host's own are only named in
 * {@code initialNamespaces}, and the host's user namespace is the root of the tree.
 *
 * <p>A node may be compromised, so the report may describe no tree at all: parent cycles, owners that
 * are not user namespaces, chains deeper than the kernel allows. Every namespace is shown once: what
 * the walk from the roots does not reach (or reaches deeper than {@link #MAX_DEPTH}) is listed under
 * {@code ownerNotReported} instead.
 */
public final class NodeViews {
    /** Levels of user namespaces below a root: the kernel nests at most 32; twice that is surely made up. */
    static final int MAX_DEPTH = 64;

    private static final Comparator<NamespaceEntry> BY_ID = Comparator.comparing(e -> NamespaceTypes.sortKey(e.id()));

    private NodeViews() {}

    public static NodeView fromNode(String node, NodeNamespacesStatus status) {
        Map<String, String> initial = new LinkedHashMap<>();
        if (status.initialNamespaces() != null) {
            for (String type : NamespaceTypes.ORDER) {
                String id = status.initialNamespaces().get(type);
                if (NamespaceTypes.isId(id) && id.startsWith(type + ":")) {
                    initial.put(type, id);
                }
            }
        }
        // Usable entries, once each; the host's own are represented by initialNamespaces.
        Map<String, NamespaceEntry> byId = new LinkedHashMap<>();
        for (NamespaceEntry entry : status.namespaces() == null ? List.<NamespaceEntry>of() : status.namespaces()) {
            if (entry != null && NamespaceTypes.isId(entry.id()) && entry.type() != null
                    && entry.id().startsWith(entry.type() + ":") && !initial.containsValue(entry.id())) {
                byId.putIfAbsent(entry.id(), entry);
            }
        }
        String hostUser = initial.get("user");
        Map<String, List<NamespaceEntry>> owned = new HashMap<>();
        Map<String, List<NamespaceEntry>> childUsers = new HashMap<>();
        List<NamespaceEntry> topUsers = new ArrayList<>();
        for (NamespaceEntry entry : byId.values()) {
            if (entry.type().equals("user")) {
                boolean parentKnown = entry.parent() != null
                        && (entry.parent().equals(hostUser) || byId.containsKey(entry.parent()));
                if (parentKnown) {
                    childUsers.computeIfAbsent(entry.parent(), k -> new ArrayList<>()).add(entry);
                } else {
                    topUsers.add(entry);
                }
            } else if (entry.owner() != null) {
                owned.computeIfAbsent(entry.owner(), k -> new ArrayList<>()).add(entry);
            }
        }
        owned.values().forEach(list -> list.sort(BY_ID));
        childUsers.values().forEach(list -> list.sort(BY_ID));
        topUsers.sort(BY_ID);

        Walk walk = new Walk(owned, childUsers, initial.get("mnt"));
        List<Entry> tree = new ArrayList<>();
        if (hostUser != null) {
            List<Entry> children = new ArrayList<>();
            initial.forEach((type, id) -> {
                if (!type.equals("user")) {
                    children.add(hostEntry(id, type, List.of()));
                }
            });
            children.addAll(walk.below(hostUser, 1));
            tree.add(hostEntry(hostUser, "user", children));
        }
        for (NamespaceEntry top : topUsers) {
            tree.add(walk.entry(top, 0));
        }
        List<Entry> ownerNotReported = new ArrayList<>();
        byId.values().stream().filter(e -> !walk.visited.contains(e.id())).sorted(BY_ID)
                .forEach(e -> ownerNotReported.add(walk.leaf(e)));

        return new NodeView(node, status.observedAt(), status.node() == null ? null : status.node().kernel(),
                status.node() == null ? null : status.node().bootId(),
                status.node() == null ? null : status.node().agentVersion(), conditions(status.conditions()),
                initial, tree, ownerNotReported);
    }

    private static Entry hostEntry(String id, String type, List<Entry> children) {
        return new Entry(id, type, true, null, null, null, List.of(), List.of(), List.of(), children);
    }

    private static List<ConditionView> conditions(List<Condition> conditions) {
        List<ConditionView> views = new ArrayList<>();
        if (conditions != null) {
            for (Condition c : conditions) {
                if (c != null && c.getType() != null) {
                    views.add(new ConditionView(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
                }
            }
        }
        return views;
    }

    /** The walk down from the roots; remembers what it reached, so that nothing is shown twice. */
    private static final class Walk {
        final Map<String, List<NamespaceEntry>> owned;
        final Map<String, List<NamespaceEntry>> childUsers;
        final String hostMnt;
        final Set<String> visited = new HashSet<>();

        Walk(Map<String, List<NamespaceEntry>> owned, Map<String, List<NamespaceEntry>> childUsers, String hostMnt) {
            this.owned = owned;
            this.childUsers = childUsers;
            this.hostMnt = hostMnt;
        }

        /** What user namespace {@code id} owns, then its child user namespaces, each with its own below. */
        List<Entry> below(String id, int depth) {
            List<Entry> children = new ArrayList<>();
            if (depth > MAX_DEPTH) {
                return children; // left for ownerNotReported
            }
            for (NamespaceEntry entry : owned.getOrDefault(id, List.of())) {
                if (visited.add(entry.id())) {
                    children.add(leaf(entry));
                }
            }
            for (NamespaceEntry child : childUsers.getOrDefault(id, List.of())) {
                if (!visited.contains(child.id())) {
                    children.add(entry(child, depth));
                }
            }
            return children;
        }

        Entry entry(NamespaceEntry user, int depth) {
            visited.add(user.id());
            Entry leaf = leaf(user);
            return new Entry(leaf.id(), leaf.type(), false, leaf.sources(), leaf.processes(), leaf.leader(), leaf.pods(),
                    leaf.containers(), leaf.bindMounts(), below(user.id(), depth + 1));
        }

        Entry leaf(NamespaceEntry e) {
            visited.add(e.id());
            List<BindMount> mounts = new ArrayList<>();
            if (e.bindMounts() != null) {
                for (BindMountEntry m : e.bindMounts()) {
                    if (m != null && m.path() != null) {
                        String where = m.mountNamespace() == null || m.mountNamespace().equals(hostMnt) ? null
                                : m.mountNamespace();
                        mounts.add(new BindMount(m.path(), where));
                    }
                }
            }
            Leader leader = e.leader() == null ? null : new Leader(e.leader().pid(), e.leader().comm());
            return new Entry(e.id(), e.type(), false, e.sources(), e.processCount(), leader,
                    e.pods() == null ? List.of() : e.pods(), e.containers() == null ? List.of() : e.containers(),
                    mounts, List.of());
        }
    }
}
