package io.lxkns.agent.render;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code lxkns ls --pods}: one row per container, grouped by pod (sandbox first), with the
 * namespace of each type its init process is in: the inode, or {@code host} where it is one of the
 * host's initial namespaces. Containers outside Kubernetes come last, under pod "-". Where a CRI
 * runtime answered, a second table lists its pod sandboxes with their state and namespace modes.
 */
public final class PodsTable {
    private static final List<NamespaceType> TYPES = List.of(NamespaceType.NET, NamespaceType.PID,
            NamespaceType.IPC, NamespaceType.UTS, NamespaceType.MNT, NamespaceType.USER, NamespaceType.CGROUP,
            NamespaceType.TIME);

    private PodsTable() {}

    public static void print(NodeView view, PrintWriter out) {
        List<String> headers = new ArrayList<>(List.of("POD", "CONTAINER", "ENGINE", "PID"));
        TYPES.forEach(type -> headers.add(type.procName().toUpperCase()));
        boolean[] right = new boolean[headers.size()];
        right[3] = true;
        TextTable table = new TextTable(headers, right);
        List<Container> containers = new ArrayList<>(view.containers());
        containers.sort(Comparator
                .comparing((Container c) -> c.pod() == null)
                .thenComparing(c -> c.pod() == null ? "" : c.pod().qualifiedName())
                .thenComparing(c -> c.pod() == null || !c.pod().sandbox())
                .thenComparing(Container::name));
        DiscoveryResult result = view.discovery();
        for (Container container : containers) {
            Pod pod = container.pod();
            List<String> row = new ArrayList<>(List.of(
                    pod == null ? "-" : pod.qualifiedName(),
                    container.name() + (pod != null && pod.sandbox() ? " (sandbox)" : ""),
                    container.engine() + (container.engineNamespace() == null ? "" : ":" + container.engineNamespace()),
                    Integer.toString(container.pid())));
            ProcessInfo init = result.processes().get(container.pid());
            for (NamespaceType type : TYPES) {
                NamespaceId id = init == null ? null : init.namespace(type);
                row.add(id == null ? "?" : id.equals(result.initial().get(type)) ? "host" : Long.toUnsignedString(id.inode()));
            }
            table.add(row.toArray(String[]::new));
        }
        table.print(out);
        if (containers.isEmpty()) {
            out.println("(no running containers found)");
            out.flush();
        }
        printSandboxes(view, out);
    }

    /**
     * The CRI runtime's sandboxes, not-ready ones included: what the kubelet asked for (the modes of
     * net, pid, ipc and user: pod, container, node or target) and the netns file it was given.
     */
    private static void printSandboxes(NodeView view, PrintWriter out) {
        List<Sandbox> sandboxes = view.engines().stream().flatMap(e -> e.sandboxes().stream())
                .sorted(Comparator.comparing((Sandbox s) -> s.pod() == null ? "" : s.pod().qualifiedName())
                        .thenComparing(s -> !s.ready()))
                .toList();
        if (sandboxes.isEmpty()) {
            return;
        }
        out.println();
        TextTable table = new TextTable(List.of("POD", "SANDBOX", "RUNTIME", "STATE", "NET", "PID", "IPC", "USER",
                "NETNS PATH"), new boolean[9]);
        for (Sandbox sandbox : sandboxes) {
            NamespaceModes modes = sandbox.modes();
            table.add(sandbox.pod() == null ? "-" : sandbox.pod().qualifiedName(),
                    sandbox.id().length() > 12 ? sandbox.id().substring(0, 12) : sandbox.id(),
                    sandbox.runtime(), sandbox.ready() ? "ready" : "notready",
                    modes == null ? "?" : modes.network().label(), modes == null ? "?" : modes.pid().label(),
                    modes == null ? "?" : modes.ipc().label(), modes == null ? "?" : userMode(modes),
                    sandbox.netnsPath() == null ? "-" : sandbox.netnsPath());
        }
        table.print(out);
    }

    private static String userMode(NamespaceModes modes) {
        String user = modes.user() == null ? "?" : modes.user().label();
        return modes.uidMap().isEmpty() ? user
                : user + " " + modes.uidMap().get(0) + (modes.uidMap().size() > 1 ? ",…" : "");
    }
}
