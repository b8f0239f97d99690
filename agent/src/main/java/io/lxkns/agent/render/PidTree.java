package io.lxkns.agent.render;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lxkns tree --pid}: the process tree, with a PID namespace line wherever a process is in
 * another PID namespace than its parent, including intermediate PID namespaces no process is in.
 */
public final class PidTree {
    private static final int KTHREADD = 2;

    private PidTree() {}

    public static void print(NodeView view, boolean kernelThreads, PrintWriter out) {
        DiscoveryResult result = view.discovery();
        Map<Integer, List<ProcessInfo>> children = new HashMap<>();
        List<ProcessInfo> roots = new ArrayList<>();
        for (ProcessInfo process : result.processes().values()) {
            if (result.processes().containsKey(process.ppid()) && process.ppid() != process.pid()) {
                children.computeIfAbsent(process.ppid(), k -> new ArrayList<>()).add(process);
            } else {
                roots.add(process);
            }
        }
        List<TreePrinter.Node> top = new ArrayList<>();
        Map<NamespaceId, TreePrinter.Node> rootNamespaces = new HashMap<>();
        for (ProcessInfo root : roots) {
            NamespaceId pidNs = root.namespace(NamespaceType.PID);
            TreePrinter.Node nsNode = rootNamespaces.computeIfAbsent(pidNs, id -> {
                TreePrinter.Node node = new TreePrinter.Node(namespaceLabel(id, result));
                top.add(node);
                return node;
            });
            addProcess(root, nsNode, children, view, kernelThreads);
        }
        TreePrinter.print(top, out);
    }

    private static void addProcess(ProcessInfo process, TreePrinter.Node under,
            Map<Integer, List<ProcessInfo>> children, NodeView view, boolean kernelThreads) {
        DiscoveryResult result = view.discovery();
        Container container = view.containerOfPid().get(process.pid());
        ProcessInfo parent = result.processes().get(process.ppid());
        boolean entersContainer = container != null
                && (parent == null || container != view.containerOfPid().get(parent.pid()));
        TreePrinter.Node node = under.add(pids(process) + " " + process.comm()
                + (entersContainer ? " [" + container.engine() + " " + container.name() + "]" : ""));
        List<ProcessInfo> kids = children.getOrDefault(process.pid(), List.of());
        if (process.pid() == KTHREADD && process.ppid() == 0 && !kernelThreads) {
            if (!kids.isEmpty()) {
                node.add("(" + kids.size() + " kernel threads; --kernel-threads shows them)");
            }
            return;
        }
        NamespaceId own = process.namespace(NamespaceType.PID);
        if (own == null) {
            own = result.initial().get(NamespaceType.PID); // unreadable: the host's is the best guess
        }
        for (ProcessInfo kid : kids) {
            NamespaceId kidNs = kid.namespace(NamespaceType.PID);
            TreePrinter.Node parentNode = node;
            if (kidNs != null && !kidNs.equals(own)) {
                for (NamespaceId step : chainBelow(own, kidNs, result)) {
                    parentNode = parentNode.add(namespaceLabel(step, result));
                }
            }
            addProcess(kid, parentNode, children, view, kernelThreads);
        }
    }

    /** {@code hostpid/nspid} for a process in a PID namespace below ours, else just the PID. */
    private static String pids(ProcessInfo process) {
        return process.nspids().size() > 1 ? process.pid() + "/" + process.innermostPid() : Integer.toString(process.pid());
    }

    /**
     * The PID namespaces from just below {@code ancestor} down to {@code descendant}, top first. When
     * the chain does not lead to {@code ancestor} (hierarchy unknown), just {@code descendant}.
     */
    private static List<NamespaceId> chainBelow(NamespaceId ancestor, NamespaceId descendant, DiscoveryResult result) {
        Deque<NamespaceId> chain = new ArrayDeque<>();
        NamespaceId step = descendant;
        while (step != null && !step.equals(ancestor)) {
            chain.push(step);
            step = result.namespace(step).map(Namespace::parent).orElse(null);
        }
        return step == null ? List.of(descendant) : List.copyOf(chain);
    }

    private static String namespaceLabel(NamespaceId id, DiscoveryResult result) {
        if (id == null) {
            return "pid:[?] (namespace unreadable)";
        }
        Namespace ns = result.namespace(id).orElse(null);
        if (ns == null) {
            return id.toString();
        }
        List<String> facts = new ArrayList<>();
        if (ns.initial()) {
            facts.add("initial");
        }
        if (ns.processCount() == 0) {
            facts.add("no process");
        }
        if (ns.owner() != null) {
            facts.add("owner " + ns.owner());
        }
        return id + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")");
    }
}
