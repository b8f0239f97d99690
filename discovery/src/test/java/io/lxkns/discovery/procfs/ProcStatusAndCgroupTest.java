package io.lxkns.discovery.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatusAndCgroupTest {

    @Test
    void nspidsListsOutermostFirst() throws Exception {
        String status = "Name:\tsleep\nTgid:\t3053\nNSpid:\t3053\t7\t1\nNSsid:\t1\n";
        assertThat(ProcStatus.nspids(status)).containsExactly(3053, 7, 1);
        assertThatThrownBy(() -> ProcStatus.nspids("Name:\tx\n")).isInstanceOf(ProcfsFormatException.class);
        assertThatThrownBy(() -> ProcStatus.nspids("NSpid:\t1\tx\n")).isInstanceOf(ProcfsFormatException.class);
    }

    @Test
    void cgroupPathsOfV1AndV2() throws Exception {
        String hybrid = "9:name=systemd:/\n6:freezer:/frozen/one\n4:memory,cpu:/m\n0::/unified/path\n";
        assertThat(CgroupMembership.path(hybrid, "freezer")).isEqualTo("/frozen/one");
        assertThat(CgroupMembership.path(hybrid, "cpu")).isEqualTo("/m");
        assertThat(CgroupMembership.path(hybrid, null)).isEqualTo("/unified/path");
        assertThat(CgroupMembership.path("0::/only/v2\n", "freezer")).isNull();
        assertThatThrownBy(() -> CgroupMembership.path("garbage\n", null)).isInstanceOf(ProcfsFormatException.class);
    }
}
