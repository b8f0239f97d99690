package io.lxkns.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedTest {
    @Test
    void aCutNeverLetsAControlThrough() {
        String cell = Bounded.cell("ab\u001bcdef", 4);
        assertThat(cell).isEqualTo("ab\\…").doesNotContain("\u001b");
        assertThat(Bounded.cut("😀😀😀😀", 3)).isEqualTo("😀😀…");
        assertThat(Bounded.cut("short", 10)).isEqualTo("short");
    }
}
