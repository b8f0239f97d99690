package io.lxkns.support;

/**
 * Makes text someone else chose safe to print: a process's command name, a mount path, a container's
 * name, a finding message from a node that may be compromised (the CLI, the agent's tables and
 * {@code kubectl lxkns} all print such text). Printed as-is, an escape sequence could recolour or rewrite the screen, a carriage return
 * or newline could forge a row, and a bidirectional override could make one pod name read as another.
 *
 * <p>So every code point that a terminal acts on rather than shows is written out visibly: C0
 * controls, DEL and C1 controls as backslash, x and two hex digits ({@code \x1b}); the invisible
 * and text-reordering Unicode format characters as backslash, u and the code point in braces
 * ({@code \}{@code u{202e}}). A backslash becomes two, so an escape in the output is always one
 * the plugin wrote.
 */
public final class Terminal {
    private Terminal() {}

    /** {@code text} with every unsafe code point escaped; {@code null} stays {@code null}. */
    public static String escaped(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text; // the usual case: no copy
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\\') {
                out.append("\\\\");
            } else if (!unsafe(c)) {
                out.appendCodePoint(c);
            } else if (c <= 0xff) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append("\\u{").append(Integer.toHexString(c)).append('}');
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '\\' || unsafe(c)) {
                return i;
            }
            i += Character.charCount(c);
        }
        return -1;
    }

    /** Whether a terminal would act on {@code c} (or hide it) instead of showing it. */
    public static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c // Arabic letter mark: reorders
                || (c >= 0x200b && c <= 0x200f) // zero-width space/joiners, LRM, RLM
                || (c >= 0x2028 && c <= 0x202e) // line and paragraph separators, embeddings, overrides
                || (c >= 0x2060 && c <= 0x206f) // word joiner, invisible operators, isolates, deprecated formats
                || c == 0xfeff // zero-width no-break space (BOM)
                || (c >= 0xfff9 && c <= 0xfffb) // interlinear annotation controls
                || (Character.isSurrogate((char) c) && c <= 0xffff); // a lone surrogate: not text
    }
}
