package io.lxkns.agent.render;

/**
 * Text that someone else chose (a process's command name, a mount path, a container's name) made
 * safe for a terminal: control characters (an escape sequence can rewrite the screen, a newline can
 * forge a row), DEL, C1 controls and the Unicode controls that reorder or hide text (bidirectional
 * overrides and isolates, zero-width characters) are shown as backslash-x and two hex digits, or
 * backslash-u and the code point in braces; a backslash as two, so an escape in the output is never
 * ambiguous. JSON output is not escaped this way: it is exact, and JSON's own escaping makes it safe.
 */
public final class Terminal {
    private Terminal() {}

    public static String escaped(String text) {
        if (text == null) {
            return null;
        }
        if (text.codePoints().noneMatch(Terminal::needsEscape)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x100 && needsEscape(c)) {
                out.append(String.format("\\x%02x", c));
            } else if (needsEscape(c)) {
                out.append(String.format("\\u{%04x}", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean needsEscape(int c) {
        return c == '\\' || c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x200b && c <= 0x200f) // zero-width characters, LRM, RLM
                || (c >= 0x202a && c <= 0x202e) // bidirectional embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // bidirectional isolates
                || c == 0xfeff;
    }
}
