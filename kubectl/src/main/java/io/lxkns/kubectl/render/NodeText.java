package io.lxkns.kubectl.render;

import io.lxkns.kubectl.view.NodeView;
import io.lxkns.kubectl.view.NodeView.BindMount;
import io.lxkns.kubectl.view.NodeView.ConditionView;
import io.lxkns.kubectl.view.NodeView.Entry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code kubectl lxkns node}: a header with the report's conditions, then the user-namespace tree. */
public final class NodeText {
    /** The most characters of one tree line, of one bind-mount path in it, of a condition message. */
    static final int LABEL = 400;
    static final int PATH = 80;
    static final int MESSAGE = 160;
    /** Pods, containers and bind mounts named in one line before it says how many more. */
    static final int NAMED = 3;

    private NodeText() {}

    public static void print(NodeView node, PrintWriter out) {
        List<String> header = new ArrayList<>();
        header.add("observed " + (node.observedAt() == null ? "never" : node.observedAt()));
        if (node.kernel() != null) {
            header.add("kernel " + node.kernel());
        }
        node.conditions().forEach(c -> header.add(c.type() + "=" + c.status()
                + (c.reason() == null || !notable(c) ? "" : " (" + c.reason() + ")")));
        out.append(Bounded.cell("Node " + node.node() + ": " + String.join(", ", header), 1000)).append('\n');
        for (ConditionView c : node.conditions()) {
            if (notable(c) && c.message() != null && !c.message().isBlank()) {
                out.append(Bounded.cell("  " + c.type() + ": " + c.message(), MESSAGE)).append('\n');
            }
        }
        out.append('\n');

        List<TreeText.Node> roots = new ArrayList<>();
        node.tree().forEach(entry -> roots.add(node(entry)));
        if (!node.ownerNotReported().isEmpty()) {
            TreeText.Node unknown = new TreeText.Node("(owner not in the report)", LABEL);
            node.ownerNotReported().forEach(entry -> unknown.add(node(entry)));
            roots.add(unknown);
        }
        if (roots.isEmpty()) {
            out.append("The report lists no namespaces.\n");
        }
        TreeText.print(roots, out);
    }

    /** A condition worth its message: not ready, truncated, an engine that is not there. */
    private static boolean notable(ConditionView c) {
        return "Truncated".equals(c.type()) ? "True".equals(c.status()) : !"True".equals(c.status());
    }

    private static TreeText.Node node(Entry entry) {
        TreeText.Node node = new TreeText.Node(label(entry), LABEL);
        entry.children().forEach(child -> node.add(node(child)));
        return node;
    }

    static String label(Entry e) {
        if (e.host()) {
            return e.id() + " (host)";
        }
        List<String> facts = new ArrayList<>();
        if (e.processes() != null) {
            facts.add(e.processes() == 1 ? "1 process" : e.processes() + " processes");
        }
        if (e.leader() != null && e.leader().pid() != null) {
            facts.add("leader " + e.leader().pid() + " " + (e.leader().comm() == null ? "?" : e.leader().comm()));
        }
        if (!e.pods().isEmpty()) {
            facts.add((e.pods().size() == 1 ? "pod " : "pods ") + named(e.pods()));
        } else if (!e.containers().isEmpty()) {
            facts.add((e.containers().size() == 1 ? "container " : "containers ")
                    + named(e.containers().stream().map(PodText::shortId).toList()));
        }
        if (!e.bindMounts().isEmpty()) {
            facts.add("bind-mounted at " + named(e.bindMounts().stream().map(NodeText::mount).toList()));
        }
        if (e.sources() != null && !e.sources().isEmpty() && !e.sources().contains("proc")) {
            facts.add("found via " + String.join(",", e.sources()));
        }
        return facts.isEmpty() ? e.id() : e.id() + " (" + String.join(", ", facts) + ")";
    }

    private static String mount(BindMount m) {
        String path = Bounded.cut(m.path(), PATH);
        return m.mountNamespace() == null ? path : path + "@" + m.mountNamespace();
    }

    private static String named(List<String> names) {
        String shown = names.stream().limit(NAMED).collect(Collectors.joining(" "));
        return names.size() <= NAMED ? shown : shown + " (+" + (names.size() - NAMED) + ")";
    }
}
