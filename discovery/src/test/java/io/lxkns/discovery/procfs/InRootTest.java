package io.lxkns.discovery.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A path resolved the way a process with another root directory resolves it. */
class InRootTest {
    @TempDir
    Path root;

    @BeforeEach
    void hostLikeTree() throws Exception {
        Files.createDirectories(root.resolve("run/engine"));
        Files.writeString(root.resolve("run/engine/api.sock"), "");
        Files.createDirectories(root.resolve("var"));
        Files.createSymbolicLink(root.resolve("var/run"), Path.of("/run")); // as on most hosts
        Files.createDirectories(root.resolve("etc/alternatives"));
        Files.writeString(root.resolve("etc/alternatives/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("alternatives/../alternatives/passwd"));
    }

    @Test
    void absoluteSymlinksRestartAtTheRootNotAtOurs() throws Exception {
        assertThat(InRoot.resolve(root, "/var/run/engine/api.sock")).isEqualTo(root.resolve("run/engine/api.sock"));
        // What the kernel does with the plain path: /run of the reader, where there is no such file.
        assertThat(root.resolve("var/run/engine/api.sock")).doesNotExist();
    }

    @Test
    void relativeSymlinksAndDotDotStayInside() throws Exception {
        assertThat(InRoot.resolve(root, "etc/passwd")).isEqualTo(root.resolve("etc/alternatives/passwd"));
        assertThat(InRoot.resolve(root, "/../../../etc/./passwd")).isEqualTo(root.resolve("etc/alternatives/passwd"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../../../../etc"));
        assertThat(InRoot.resolve(root, "/escape/passwd")).isEqualTo(root.resolve("etc/alternatives/passwd"));
        assertThat(InRoot.resolve(root, "/")).isEqualTo(root);
    }

    @Test
    void loopsMissingFilesAndFilesAsDirectoriesFail() throws Exception {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        assertThatThrownBy(() -> InRoot.resolve(root, "/loop/x")).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("too many levels of symbolic links");
        assertThatThrownBy(() -> InRoot.resolve(root, "/run/absent.sock")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> InRoot.resolve(root, "/run/engine/api.sock/x")).isInstanceOf(NotDirectoryException.class);
    }
}
