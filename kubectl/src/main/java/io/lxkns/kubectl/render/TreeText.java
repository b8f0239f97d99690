package io.lxkns.kubectl.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A tree of one-line labels printed with box-drawing branches, as {@code lxkns tree} prints one. */
public final class TreeText {
    /** A line of the tree and the lines below it; the label is escaped and cut when it is made. */
    public static final class Node {
        private final String label;
        private final List<Node> children = new ArrayList<>();

        public Node(String label, int max) {
            this.label = Bounded.cell(label, max);
        }

        public Node add(Node child) {
            children.add(child);
            return child;
        }
    }

    private TreeText() {}

    /** Appends the trees to {@code out}; the caller flushes. */
    public static void print(List<Node> roots, PrintWriter out) {
        for (Node root : roots) {
            out.append(root.label).append('\n');
            printChildren(root, "", out);
        }
    }

    // Iterative would need its own stack; the depth is bounded where the tree is built (NodeView).
    private static void printChildren(Node node, String indent, PrintWriter out) {
        for (int i = 0; i < node.children.size(); i++) {
            boolean last = i == node.children.size() - 1;
            Node child = node.children.get(i);
            out.append(indent).append(last ? "└─ " : "├─ ").append(child.label).append('\n');
            printChildren(child, indent + (last ? "   " : "│  "), out);
        }
    }
}
