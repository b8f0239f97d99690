package io.lxkns.discovery.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void parsesAnNsfsBindMountWithOptionalFields() throws Exception {
        MountInfo mount = MountInfo.parse(
                "612 29 0:4 net:[4026532177] /run/netns/blue rw shared:5 master:1 - nsfs nsfs rw");
        assertThat(mount).isEqualTo(new MountInfo(612, "net:[4026532177]", "/run/netns/blue", "rw", "nsfs", "rw"));
    }

    @Test
    void parsesWithoutOptionalFieldsAndUnescapesPaths() throws Exception {
        MountInfo mount = MountInfo.parse("27 1 254:0 / /with\\040space\\011tab\\134back rw,relatime - ext4 /dev/vda rw");
        assertThat(mount.mountPoint()).isEqualTo("/with space\ttab\\back");
        assertThat(mount.fsType()).isEqualTo("ext4");
        assertThat(mount.hasOption("relatime")).isTrue();
        assertThat(mount.hasOption("noexec")).isFalse();
        assertThat(MountInfo.unescape("/not\\escape\\9")).isEqualTo("/not\\escape\\9");
    }

    @Test
    void rejectsLinesWithoutSeparatorOrId() {
        assertThatThrownBy(() -> MountInfo.parse("27 1 254:0 / / rw,relatime ext4 /dev/vda rw"))
                .isInstanceOf(ProcfsFormatException.class);
        assertThatThrownBy(() -> MountInfo.parse("x 1 254:0 / / rw - ext4 /dev/vda rw"))
                .isInstanceOf(ProcfsFormatException.class);
        assertThatThrownBy(() -> MountInfo.parse("27 1 254:0 / / rw -"))
                .isInstanceOf(ProcfsFormatException.class);
    }

    @Test
    void readsMountAndFileSystemOptions() throws Exception {
        MountInfo freezer = MountInfo.parse(
                "33 27 0:29 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,freezer");
        assertThat(freezer.hasOption("noexec")).isTrue();
        assertThat(freezer.hasOption("exec")).isFalse();
        assertThat(freezer.hasSuperOption("freezer")).isTrue();
        assertThat(freezer.hasSuperOption("free")).isFalse();
        assertThat(freezer.fsType()).isEqualTo("cgroup");
    }
}
