package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A namespace path is only used while it still leads to the namespace it was found as. */
class OpenVerifiedTest {
    private static final Path OWN_NET = Path.of("/proc/self/ns/net");

    @Test
    void opensThePathThatLeadsToTheExpectedNamespace() throws Exception {
        int fd = NamespaceDraft.openVerified(OWN_NET, id(NamespaceType.NET, OWN_NET));
        try {
            assertThat(fd).isNotNegative();
            assertThat(Nsfs.inode(fd)).isEqualTo(inode(OWN_NET));
        } finally {
            Nsfs.close(fd);
        }
    }

    @Test
    void refusesAnotherNamespaceAndClosesIt() throws Exception {
        NamespaceId uts = id(NamespaceType.UTS, Path.of("/proc/self/ns/uts"));
        assertThat(NamespaceDraft.openVerified(OWN_NET, uts)).isEqualTo(-1); // loads JNA, which keeps files open
        long before = openDescriptors();

        assertThat(NamespaceDraft.openVerified(OWN_NET, uts)).isEqualTo(-1);
        assertThat(openDescriptors()).isEqualTo(before);
    }

    /** A bind mount replaced by a plain file whose inode number happens to be the namespace's. */
    @Test
    void refusesAFileOutsideNsfsWithTheSameInodeNumber(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("netns"));
        NamespaceId sameNumber = id(NamespaceType.NET, file);

        assertThat(NamespaceDraft.openVerified(file, sameNumber)).isEqualTo(-1);
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
