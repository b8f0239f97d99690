package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A namespace path is only used while it still leads to the namespace it was found as. */
class OpenVerifiedTest {
    private static final Path OWN_NET = Path.of("/proc/self/ns/net");

    @ParameterizedTest(name = "foreign: {0}")
    @ValueSource(booleans = {false, true})
    void opensThePathThatLeadsToTheExpectedNamespace(boolean foreign) throws Exception {
        int fd = NamespaceDraft.openVerified(OWN_NET, foreign, id(NamespaceType.NET, OWN_NET));
        try {
            assertThat(fd).isNotNegative();
            assertThat(Nsfs.inode(fd)).isEqualTo(inode(OWN_NET));
        } finally {
            Nsfs.close(fd);
        }
    }

    /**
     * The trap a tenant sets: a named pipe where its bind mount's path leads. Opening a FIFO for
     * reading blocks until a writer comes; a foreign path is never opened unless it is a namespace.
     */
    @Test
    void aForeignPathToANamedPipeIsRefusedWithoutBlocking(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("netns");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
        NamespaceId expected = id(NamespaceType.NET, OWN_NET);
        long before = openDescriptors();

        int fd = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> NamespaceDraft.openVerified(fifo, true, expected));

        assertThat(fd).isEqualTo(-1);
        assertThat(openDescriptors()).as("the O_PATH handle is closed again").isEqualTo(before);
    }

    @Test
    void refusesAnotherNamespaceAndClosesIt() throws Exception {
        NamespaceId uts = id(NamespaceType.UTS, Path.of("/proc/self/ns/uts"));
        assertThat(NamespaceDraft.openVerified(OWN_NET, false, uts)).isEqualTo(-1); // loads JNA, which keeps files open
        long before = openDescriptors();

        assertThat(NamespaceDraft.openVerified(OWN_NET, false, uts)).isEqualTo(-1);
        assertThat(openDescriptors()).isEqualTo(before);
    }

    /** A bind mount replaced by a plain file whose inode number happens to be the namespace's. */
    @Test
    void refusesAFileOutsideNsfsWithTheSameInodeNumber(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("netns"));
        NamespaceId sameNumber = id(NamespaceType.NET, file);

        assertThat(NamespaceDraft.openVerified(file, false, sameNumber)).isEqualTo(-1);
        assertThat(NamespaceDraft.openVerified(file, true, sameNumber)).isEqualTo(-1);
    }

    private static NamespaceId id(NamespaceType type, Path path) throws Exception {
        return new NamespaceId(type, inode(path));
    }

    private static long inode(Path path) throws Exception {
        return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    }

    private static long openDescriptors() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
