package io.lxkns.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void controlAndReorderingCharactersAreShownEscaped() {
        assertThat(Terminal.escaped("\u001b]0;pwned\u0007evil\nrow")).isEqualTo("\\x1b]0;pwned\\x07evil\\x0arow");
        assertThat(Terminal.escaped("a\u202eexe.txt")).isEqualTo("a\\u{202e}exe.txt");
        assertThat(Terminal.escaped("del\u007f c1\u009b zw\u200b")).isEqualTo("del\\x7f c1\\x9b zw\\u{200b}");
    }

    @Test
    void aBackslashIsDoubledSoNoEscapeIsAmbiguous() {
        assertThat(Terminal.escaped("\\x1b")).isEqualTo("\\\\x1b");
    }

    @Test
    void ordinaryTextIsUnchangedAlsoBeyondAscii() {
        assertThat(Terminal.escaped("kworker/u8:0-événements ✓ 日本")).isEqualTo("kworker/u8:0-événements ✓ 日本");
        assertThat(Terminal.escaped(null)).isNull();
    }
}
