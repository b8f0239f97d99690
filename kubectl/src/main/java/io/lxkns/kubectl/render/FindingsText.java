package io.lxkns.kubectl.render;

import static io.lxkns.kubectl.render.TextTable.column;

import io.lxkns.kubectl.view.FindingView;
import java.io.PrintWriter;
import java.util.List;

/** Findings as a table: one line each, the message cut to what a terminal line holds. */
public final class FindingsText {
    /** Message characters in a table; {@code -o json|yaml} has the full text. */
    static final int MESSAGE = 100;

    private FindingsText() {}

    public static void print(List<FindingView> findings, boolean withNodeAndPod, PrintWriter out) {
        TextTable table = withNodeAndPod
                ? new TextTable(List.of(column("SEVERITY", 8), column("TYPE", 40), column("NODE", 63),
                        column("POD", 80), column("NAMESPACE-ID", 32), column("MESSAGE", MESSAGE)))
                : new TextTable(List.of(column("SEVERITY", 8), column("TYPE", 40), column("NAMESPACE-ID", 32),
                        column("MESSAGE", MESSAGE)));
        for (FindingView f : findings) {
            if (withNodeAndPod) {
                table.add(f.severity(), f.type(), f.node(), f.pod(), f.namespace(), f.message());
            } else {
                table.add(f.severity(), f.type(), f.namespace(), f.message());
            }
        }
        table.print(out);
    }
}
