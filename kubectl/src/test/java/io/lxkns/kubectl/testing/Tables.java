package io.lxkns.kubectl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

/** Reads the plugin's tables back: columns are at least three spaces apart. */
public final class Tables {
    private Tables() {}

    /** The cells of the one line of {@code out} that starts with {@code first} (its first cell). */
    public static List<String> row(String out, String first) {
        List<String> rows = out.lines().filter(line -> line.startsWith(first + "   ") || line.equals(first)).toList();
        assertThat(rows).as("one row starting with '%s' in:%n%s", first, out).hasSize(1);
        return cells(rows.get(0));
    }

    /** All rows whose first cell is {@code first}. */
    public static List<List<String>> rows(String out, String first) {
        return out.lines().filter(line -> line.startsWith(first + "   ")).map(Tables::cells).toList();
    }

    public static List<String> cells(String line) {
        return Arrays.asList(line.split(" {3,}"));
    }
}
