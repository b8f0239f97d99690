package io.lxkns.agent.render;

import io.lxkns.support.Terminal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns; numeric columns are right-aligned like lsns. */
final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(List<String> headers, boolean[] rightAligned) {
        this.headers = headers;
        this.rightAligned = rightAligned;
    }

    /** A row; its cells are escaped for the terminal ({@link Terminal}). */
    void add(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = Terminal.escaped(cells[i]);
        }
        rows.add(safe);
    }

    /** Appends rows and flushes once: picocli's writer flushes on every println, a write(2) per row. */
    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        printRow(headers.toArray(String[]::new), widths, out);
        for (String[] row : rows) {
            printRow(row, widths, out);
        }
        out.flush();
    }

    private void printRow(String[] cells, int[] widths, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            String cell = cells[i];
            String pad = " ".repeat(widths[i] - cell.length());
            if (rightAligned[i]) {
                line.append(pad).append(cell);
            } else {
                line.append(cell);
                if (!last) {
                    line.append(pad);
                }
            }
            if (!last) {
                line.append(' ');
            }
        }
        out.append(line).append('\n');
    }
}
