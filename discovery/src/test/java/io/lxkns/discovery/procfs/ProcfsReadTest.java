package io.lxkns.discovery.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading whole files through the reused per-thread buffer, around and past its first size. */
class ProcfsReadTest {
    @Test
    void readsFilesOfEverySizeWholeAndAfterALargerOne(@TempDir Path dir) throws Exception {
        for (int size : new int[] {100_000, 0, 1, 4095, 4096, 4097, 9000, 3}) {
            String text = "ä".repeat(size / 4) + "x".repeat(size - 2 * (size / 4));
            Path file = Files.writeString(dir.resolve("f" + size), text, StandardCharsets.UTF_8);

            assertThat(Procfs.read(file)).as("%d bytes", size).isEqualTo(text);
        }
    }

    @Test
    void readsALiveProcfsFile() throws Exception {
        String stat = Procfs.read(Path.of("/proc/self/stat"));

        assertThat(ProcStat.parse(stat).pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(Procfs.lines(Path.of("/proc/self/mountinfo"))).isNotEmpty();
    }

    @Test
    void aMissingFileIsNoSuchFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Procfs.read(dir.resolve("gone"))).isInstanceOf(NoSuchFileException.class);
    }
}
