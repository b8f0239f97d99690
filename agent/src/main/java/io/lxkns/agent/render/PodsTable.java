package io.lxkns.agent.render;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.Pod;
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
 * host's initial namespaces. Containers outside Kubernetes come last, under pod "-".
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
    }
}
