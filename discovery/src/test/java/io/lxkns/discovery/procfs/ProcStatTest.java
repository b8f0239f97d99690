package io.lxkns.discovery.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    private static final String TAIL = " 20 0 0 0 0 0 7 0 123456 1000 100 18446744073709551615";

    @Test
    void parsesAPlainLine() throws Exception {
        ProcStat stat = ProcStat.parse("42 (sleep) S 7 42 42 0 -1 4194304 100 0 0 0" + TAIL);
        assertThat(stat).isEqualTo(new ProcStat(42, "sleep", 'S', 7, 7, 123456));
    }

    @Test
    void commMayHoldSpacesAndParentheses() throws Exception {
        ProcStat stat = ProcStat.parse("42 (a) (b c) S) Z 7 42 42 0 -1 4194304 100 0 0 0" + TAIL);
        assertThat(stat.comm()).isEqualTo("a) (b c) S");
        assertThat(stat.state()).isEqualTo('Z');
        assertThat(stat.ppid()).isEqualTo(7);
    }

    @Test
    void toleratesTheTrailingNewlineAndAFieldRightAtTheEnd() throws Exception {
        String line = "42 (sleep) S 7 42 42 0 -1 4194304 100 0 0 0 20 0 0 0 0 0 7 0 123456";
        assertThat(ProcStat.parse(line + "\n")).isEqualTo(new ProcStat(42, "sleep", 'S', 7, 7, 123456));
        assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat(42, "sleep", 'S', 7, 7, 123456));
        assertThatThrownBy(() -> ProcStat.parse(line.substring(0, line.lastIndexOf(' '))))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsTruncatedAndGarbageLines() {
        assertThatThrownBy(() -> ProcStat.parse("42 (sleep) S 7 42"))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ProcStat.parse("hello world"))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("no (comm)");
        assertThatThrownBy(() -> ProcStat.parse(""))
                .isInstanceOf(ProcfsFormatException.class);
        assertThatThrownBy(() -> ProcStat.parse("x (sleep) S 7 42 42 0 -1 4194304 100 0 0 0" + TAIL))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("non-numeric");
        assertThatThrownBy(() -> ProcStat.parse("42 (sleep) S 7x 42 42 0 -1 4194304 100 0 0 0" + TAIL))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("non-numeric");
        assertThatThrownBy(() -> ProcStat.parse("42 (sleep) SS 7 42 42 0 -1 4194304 100 0 0 0" + TAIL))
                .isInstanceOf(ProcfsFormatException.class).hasMessageContaining("truncated");
    }
}
