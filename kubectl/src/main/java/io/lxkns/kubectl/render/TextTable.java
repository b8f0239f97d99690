package io.lxkns.kubectl.render;

import io.lxkns.support.Terminal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table the way kubectl prints one: upper-case headers, left-aligned columns three spaces apart,
 * {@code <none>}-style placeholders left to the caller. Every cell is escaped ({@link Terminal}) and
 * cut to its column's width limit ({@link Bounded}) when it is added, so nothing a node wrote can
 * break the layout.
 */
public final class TextTable {
    /** A column: its header and the most characters a cell may take. */
    public record Column(String header, int max) {}

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    public static Column column(String header, int max) {
        return new Column(header, max);
    }

    /** A row of raw cells, one per column; a {@code null} cell prints as {@code -}. */
    public TextTable add(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns.size() + " columns");
        }
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] == null || cells[i].isEmpty() ? "-" : Bounded.cell(cells[i], columns.get(i).max());
        }
        rows.add(safe);
        return this;
    }

    /** Appends the table to {@code out}; the caller flushes (one write for the whole output). */
    public void print(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).header().length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        String[] headers = columns.stream().map(Column::header).toArray(String[]::new);
        printRow(headers, widths, out);
        for (String[] row : rows) {
            printRow(row, widths, out);
        }
    }

    private static void printRow(String[] cells, int[] widths, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - width(cells[i]) + 3));
            }
        }
        out.append(line).append('\n');
    }

    /** Columns a cell takes: its code points (escaped cells are ASCII or printable text). */
    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
