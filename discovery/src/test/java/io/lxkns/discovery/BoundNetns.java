package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A new network namespace bind-mounted on a file in a temporary directory ({@code unshare
 * --net=FILE}), held by nothing else. Closing unmounts it (if still mounted) and deletes the file.
 */
final class BoundNetns implements AutoCloseable {
    final Path file;
    private final Path dir;
    private boolean mounted;

    private BoundNetns(Path dir, Path file) {
        this.dir = dir;
        this.file = file;
    }

    static BoundNetns create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        BoundNetns bound = new BoundNetns(dir, Files.createFile(dir.resolve("ns")));
        try {
            Sh.run("unshare", "--net=" + bound.file, "true");
            bound.mounted = true;
            return bound;
        } catch (RuntimeException e) {
            bound.close();
            throw e;
        }
    }

    /** The namespace: an nsfs file's inode is its namespace's. */
    NamespaceId id() throws IOException {
        return StageHarness.boundAt(file, NamespaceType.NET);
    }

    /** Detaches the mount; the namespace lives on while something else holds it. */
    void unmount() {
        Sh.run("umount", "--lazy", file.toString());
        mounted = false;
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            unmount();
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
