package io.lxkns.agent.render;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code lxkns tree --user}: the user namespace hierarchy; under each user namespace first the
 * namespaces it owns, then its child user namespaces.
 */
public final class UserTree {
    private UserTree() {}

    public static void print(DiscoveryResult result, UserNames users, PrintWriter out) {
        Map<NamespaceId, List<Namespace>> owned = new HashMap<>();
        Map<NamespaceId, List<Namespace>> children = new HashMap<>();
        List<Namespace> roots = new ArrayList<>();
        List<Namespace> ownerUnknown = new ArrayList<>();
        for (Namespace ns : result.namespaces().values()) {
            if (ns.type() == NamespaceType.USER) {
                boolean parentKnown = ns.parent() != null && result.namespaces().containsKey(ns.parent());
                (parentKnown ? children.computeIfAbsent(ns.parent(), k -> new ArrayList<>()) : roots).add(ns);
            } else if (ns.owner() != null && result.namespaces().containsKey(ns.owner())) {
                owned.computeIfAbsent(ns.owner(), k -> new ArrayList<>()).add(ns);
            } else {
                ownerUnknown.add(ns);
            }
        }
        List<TreePrinter.Node> nodes = new ArrayList<>();
        for (Namespace root : roots) {
            nodes.add(userNode(root, new TreePrinter.Node(label(root, result, users)), owned, children, result, users));
        }
        if (!ownerUnknown.isEmpty()) {
            TreePrinter.Node unknown = new TreePrinter.Node("(owner unknown)");
            ownerUnknown.forEach(ns -> unknown.add(label(ns, result, users)));
            nodes.add(unknown);
        }
        TreePrinter.print(nodes, out);
    }

    private static TreePrinter.Node userNode(Namespace userNs, TreePrinter.Node node,
            Map<NamespaceId, List<Namespace>> owned, Map<NamespaceId, List<Namespace>> children,
            DiscoveryResult result, UserNames users) {
        for (Namespace ns : owned.getOrDefault(userNs.id(), List.of())) {
            node.add(label(ns, result, users));
        }
        for (Namespace child : children.getOrDefault(userNs.id(), List.of())) {
            userNode(child, node.add(label(child, result, users)), owned, children, result, users);
        }
        return node;
    }

    static String label(Namespace ns, DiscoveryResult result, UserNames users) {
        StringBuilder label = new StringBuilder(ns.id().toString());
        List<String> facts = new ArrayList<>();
        if (ns.initial()) {
            facts.add("initial");
        }
        if (ns.ownerUid() != null) {
            facts.add("created by " + users.name(ns.ownerUid()));
        }
        facts.add(ns.processCount() == 1 ? "1 process" : ns.processCount() + " processes");
        if (!ns.leaders().isEmpty()) {
            ProcessInfo leader = result.processes().get(ns.leaders().get(0));
            if (leader != null) {
                facts.add("leader " + leader.pid() + " " + leader.comm());
            }
        }
        if (!ns.looseThreads().isEmpty()) {
            facts.add("loose threads " + ns.looseThreads());
        }
        if (!ns.sources().contains(Source.PROC)) {
            facts.add("found via " + ns.sources().stream().map(Source::jsonName).sorted().collect(Collectors.joining(",")));
        }
        return label.append(" (").append(String.join(", ", facts)).append(')').toString();
    }
}
