package io.lxkns.kubectl.render;

import static io.lxkns.kubectl.render.TextTable.column;

import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.view.NamespaceTypes;
import io.lxkns.kubectl.view.PodView.ContainerView;
import io.lxkns.kubectl.view.PodView.NamespaceCell;
import io.lxkns.kubectl.view.PodView.SandboxView;
import io.lxkns.kubectl.view.PodView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kubectl lxkns pod}: a header line, the spec's host flags against what the node saw, the
 * containers × namespace types, the sandbox, the findings.
 */
public final class PodText {
    private PodText() {}

    public static void print(PodView pod, PrintWriter out) {
        String from = PodView.FROM_NODE.equals(pod.source())
                ? "as its agent saw it" + (pod.observedAt() == null ? "" : " at " + pod.observedAt())
                : "from the Report " + PolicyReports.NAME + " of its namespace: the pod's own namespaces, no containers";
        out.append(Bounded.cell("Pod " + pod.pod() + " on node " + (pod.node() == null ? "?" : pod.node())
                + (pod.uid() == null ? "" : " (uid " + pod.uid() + ")") + ", " + from, 600)).append("\n\n");

        settings(pod).print(out);
        out.append('\n');
        namespaces(pod).print(out);
        if (pod.sandbox() != null) {
            out.append('\n');
            sandbox(pod.sandbox()).print(out);
        }
        out.append('\n');
        if (pod.findings() == null) {
            out.append("Findings: not available (stderr says why).\n");
        } else if (pod.findings().isEmpty()) {
            out.append("No findings about this pod.\n");
        } else {
            out.append("Findings:\n");
            FindingsText.print(pod.findings(), false, out);
        }
    }

    private static TextTable settings(PodView pod) {
        TextTable table = new TextTable(List.of(column("SETTING", 24), column("SPEC", 16), column("OBSERVED", 120),
                column("AS SPECIFIED", 4)));
        PodView.Spec spec = pod.spec();
        PodView.Observed seen = pod.observed();
        hostFlag(table, pod, "hostNetwork", "net", spec.hostNetwork(), false, seen.hostNetwork());
        hostFlag(table, pod, "hostPID", "pid", spec.hostPID(), false, seen.hostPID());
        hostFlag(table, pod, "hostIPC", "ipc", spec.hostIPC(), false, seen.hostIPC());
        hostFlag(table, pod, "hostUsers", "user", spec.hostUsers(), true, seen.hostUsers());
        Boolean shares = seen.shareProcessNamespace();
        boolean wantShared = Boolean.TRUE.equals(spec.shareProcessNamespace());
        // In the host's PID namespace every container shares it; the flag then says nothing.
        String matches = shares == null || Boolean.TRUE.equals(seen.hostPID()) ? null : shares == wantShared ? "yes" : "NO";
        table.add("shareProcessNamespace", flag(spec.shareProcessNamespace(), false),
                shares == null ? "cannot tell from " + what(pod)
                        : shares ? "one pid namespace for the pod's containers" : "a pid namespace per container",
                matches);
        return table;
    }

    private static void hostFlag(TextTable table, PodView pod, String name, String type, Boolean spec,
            boolean defaultValue, Boolean inHost) {
        String observed;
        String matches = null;
        if (inHost == null) {
            observed = "not in " + what(pod);
        } else {
            NamespaceCell cell = pod.namespaces().get(type);
            observed = inHost ? "the host's " + type + " namespace" : "own " + type + " namespace";
            if (!inHost && cell != null && !cell.sharedWith().isEmpty()) {
                observed += ", shared with " + names(cell.sharedWith());
            }
            boolean wanted = spec == null ? defaultValue : spec;
            matches = inHost == wanted ? "yes" : "NO";
        }
        table.add(name, flag(spec, defaultValue), observed, matches);
    }

    private static String what(PodView pod) {
        return PodView.FROM_NODE.equals(pod.source()) ? "the node's report" : "the Report";
    }

    private static String flag(Boolean value, boolean defaultValue) {
        return value == null ? "unset (" + defaultValue + ")" : value.toString();
    }

    private static TextTable namespaces(PodView pod) {
        List<TextTable.Column> columns = new ArrayList<>(List.of(column("CONTAINER", 40), column("ENGINE", 12),
                column("PID", 8)));
        NamespaceTypes.ORDER.forEach(type -> columns.add(column(type.toUpperCase(Locale.ROOT), 60)));
        TextTable table = new TextTable(columns);
        if (pod.containers().isEmpty()) {
            row(table, "(pod)", null, null, pod.namespaces());
        }
        for (ContainerView c : pod.containers()) {
            row(table, c.sandbox() ? "(sandbox)" : c.name(), c.engine(), c.pid() == null ? null : c.pid().toString(),
                    c.namespaces());
        }
        return table;
    }

    private static void row(TextTable table, String name, String engine, String pid, Map<String, NamespaceCell> cells) {
        List<String> row = new ArrayList<>(List.of(name, engine == null ? "" : engine, pid == null ? "" : pid));
        for (String type : NamespaceTypes.ORDER) {
            row.add(cell(cells.get(type)));
        }
        table.add(row.toArray(String[]::new));
    }

    /** {@code host}, the inode, or the inode and the other pods in it. */
    static String cell(NamespaceCell cell) {
        if (cell == null) {
            return null;
        }
        if (cell.host()) {
            return "host";
        }
        String inode = NamespaceTypes.inode(cell.id());
        return cell.sharedWith().isEmpty() ? inode : inode + " shared with " + names(cell.sharedWith());
    }

    private static String names(List<String> pods) {
        return pods.size() == 1 ? pods.get(0) : pods.get(0) + " +" + (pods.size() - 1);
    }

    private static TextTable sandbox(SandboxView sandbox) {
        TextTable table = new TextTable(List.of(column("SANDBOX", 16), column("RUNTIME", 40), column("STATE", 10),
                column("NET", 9), column("PID", 9), column("IPC", 9), column("USER", 9), column("NETNS PATH", 60),
                column("UID MAP", 60)));
        Map<String, String> modes = sandbox.modes() == null ? Map.of() : sandbox.modes();
        table.add(shortId(sandbox.id()), sandbox.runtime(), sandbox.state(), modes.get("net"), modes.get("pid"), modes.get("ipc"),
                modes.get("user"), sandbox.netnsPath(), sandbox.uidMap() == null ? null : String.join(",", sandbox.uidMap()));
        return table;
    }

    /** A container or sandbox id the way docker and crictl print it: its first twelve characters. */
    static String shortId(String id) {
        return id == null || id.length() <= 12 ? id : id.substring(0, 12);
    }
}
