package io.lxkns.agent.render;

import io.lxkns.support.Terminal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A labelled tree printed with box-drawing branches. */
final class TreePrinter {
    static final class Node {
        final String label;
        final List<Node> children = new ArrayList<>();

        /** A node; its label is escaped for the terminal ({@link Terminal}). */
        Node(String label) {
            this.label = Terminal.escaped(label);
        }

        Node add(String childLabel) {
            Node child = new Node(childLabel);
            children.add(child);
            return child;
        }
    }

    private TreePrinter() {}

    /** Appends lines and flushes once: picocli's writer flushes on every println, a write(2) per line. */
    static void print(List<Node> roots, PrintWriter out) {
        for (Node root : roots) {
            out.append(root.label).append('\n');
            printChildren(root, "", out);
        }
        out.flush();
    }

    private static void printChildren(Node node, String indent, PrintWriter out) {
        for (int i = 0; i < node.children.size(); i++) {
            boolean last = i == node.children.size() - 1;
            Node child = node.children.get(i);
            out.append(indent).append(last ? "└─ " : "├─ ").append(child.label).append('\n');
            printChildren(child, indent + (last ? "   " : "│  "), out);
        }
    }
}
