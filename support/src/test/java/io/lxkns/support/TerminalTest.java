package io.lxkns.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void plainTextIsLeftAsItIs() {
        String text = "shop/web pause /run/netns/cni-1 grüße 東京 😀";
        assertThat(Terminal.escaped(text)).isSameAs(text);
        assertThat(Terminal.escaped(null)).isNull();
    }

    @Test
    void controlsAndInvisibleFormatCharactersAreWrittenOut() {
        assertThat(Terminal.escaped("\u001b[31mred\u001b[0m")).isEqualTo("\\x1b[31mred\\x1b[0m");
        assertThat(Terminal.escaped("a\rb\nc\td")).isEqualTo("a\\x0db\\x0ac\\x09d");
        assertThat(Terminal.escaped("\u007f\u0085\u009b")).isEqualTo("\\x7f\\x85\\x9b");
        assertThat(Terminal.escaped("abc\u202edef")).isEqualTo("abc\\u{202e}def");
        assertThat(Terminal.escaped("a\u200bb\u2066c\u2069d\ufeff")).isEqualTo("a\\u{200b}b\\u{2066}c\\u{2069}d\\u{feff}");
        assertThat(Terminal.escaped("x\u2028y\u061cz")).isEqualTo("x\\u{2028}y\\u{61c}z");
        assertThat(Terminal.escaped("lone \ud800 surrogate")).isEqualTo("lone \\u{d800} surrogate");
    }

    @Test
    void aBackslashIsDoubledSoThatEveryEscapeIsOurs() {
        assertThat(Terminal.escaped("\\x1b")).isEqualTo("\\\\x1b");
        assertThat(Terminal.escaped("C:\\\u001b")).isEqualTo("C:\\\\\\x1b");
    }

    @Test
    void ordinaryTextBeyondAsciiIsUnchanged() {
        assertThat(Terminal.escaped("kworker/u8:0-événements ✓ 日本")).isEqualTo("kworker/u8:0-événements ✓ 日本");
    }
}
