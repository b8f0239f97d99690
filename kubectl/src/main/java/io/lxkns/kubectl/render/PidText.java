package io.lxkns.kubectl.render;

import static io.lxkns.kubectl.render.TextTable.column;

import io.lxkns.kubectl.view.PidView;
import io.lxkns.kubectl.view.PidView.ContainerMatch;
import io.lxkns.kubectl.view.PidView.LeaderMatch;
import java.io.PrintWriter;
import java.util.List;

/** {@code kubectl lxkns pid}: one row per match, and what the report can and cannot tell. */
public final class PidText {
    private PidText() {}

    public static void print(PidView view, PrintWriter out) {
        out.append(Bounded.cell("PID " + view.pid() + " on node " + view.node() + " (report observed "
                + (view.observedAt() == null ? "at an unknown time" : view.observedAt()) + "):", 400)).append('\n');
        TextTable table = new TextTable(List.of(column("MATCH", 20), column("POD", 80), column("CONTAINER", 40),
                column("ENGINE", 12), column("CONTAINER-ID", 12), column("NAMESPACE", 32), column("COMM", 40)));
        for (ContainerMatch c : view.containers()) {
            table.add(c.sandbox() ? "sandbox init" : "container init", c.pod(), c.sandbox() ? "(sandbox)" : c.container(),
                    c.engine(), PodText.shortId(c.containerId()), null, null);
        }
        for (LeaderMatch l : view.leaderOf()) {
            String pods = l.pods().isEmpty() ? null : l.pods().size() == 1 ? l.pods().get(0)
                    : l.pods().get(0) + " +" + (l.pods().size() - 1);
            table.add("namespace leader", pods, null, null, l.containers().isEmpty() ? null
                    : PodText.shortId(l.containers().get(0)), l.namespace(), l.comm());
        }
        table.print(out);
        out.append("The report lists containers' init processes and namespace leaders only; the PID may have been"
                + " reused since.\n");
    }
}
