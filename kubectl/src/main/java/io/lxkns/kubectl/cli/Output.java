package io.lxkns.kubectl.cli;

import io.lxkns.kubectl.render.Structured;
import java.io.PrintWriter;
import java.util.function.BiConsumer;

/** {@code -o}: a table for people, or the command's view object as JSON or YAML for programs. */
public enum Output {
    table, json, yaml;

    /** Prints {@code view} as this format; {@code table} with the command's own layout. */
    <T> void print(T view, BiConsumer<T, PrintWriter> table, PrintWriter out) {
        switch (this) {
            case json -> Structured.json(view, out);
            case yaml -> Structured.yaml(view, out);
            default -> table.accept(view, out);
        }
        out.flush(); // one write for the whole output (picocli's writer would flush every line)
    }
}
