package io.lxkns.kubectl.render;

import io.lxkns.support.Terminal;

/**
 * Text cut to a length a terminal line can take. The CRDs bound what a node may write, but the
 * bounds are generous (a path may be 4096 characters, a message 2048) and a Report's fields are not
 * bounded by its CRD at all: a table cell gets what fits, JSON and YAML the full text.
 */
public final class Bounded {
    private Bounded() {}

    /** {@code text} cut to {@code max} code points, the last one an ellipsis when cut. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    /**
     * Escaped for the terminal, then cut: escaping first means a cut can at worst shorten an escape
     * such as {@code \x1b}, never let the control character itself through.
     */
    public static String cell(String text, int max) {
        return cut(Terminal.escaped(text), max);
    }
}
