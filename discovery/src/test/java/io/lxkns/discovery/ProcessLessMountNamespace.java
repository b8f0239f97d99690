package io.lxkns.discovery;

import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A mount namespace that no process is in, bind-mounted on a file ({@code unshare --mount=FILE}),
 * holding a network namespace bind-mounted on a tmpfs that exists only inside it. Closing unmounts
 * the file, which ends both namespaces, and removes the directories.
 */
final class ProcessLessMountNamespace implements AutoCloseable {
    final Path dir;
    final Path file;
    final Path inner;
    final Path innerNetns;

    private ProcessLessMountNamespace(Path dir, Path inner) {
        this.dir = dir;
        this.file = dir.resolve("mnt");
        this.inner = inner;
        this.innerNetns = inner.resolve("net");
    }

    static ProcessLessMountNamespace create() throws IOException {
        ProcessLessMountNamespace ns = new ProcessLessMountNamespace(
                Files.createTempDirectory("lxkns-mntns"), Files.createTempDirectory("lxkns-inner"));
        // unshare --mount=FILE needs FILE on a mount that does not propagate: a private bind of our own.
        Sh.run("mount", "--bind", ns.dir.toString(), ns.dir.toString());
        Sh.run("mount", "--make-private", ns.dir.toString());
        Files.createFile(ns.file);
        Sh.run("unshare", "--mount=" + ns.file, "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none " + ns.inner + " && touch " + ns.innerNetns
                        + " && unshare --net=" + ns.innerNetns + " true");
        return ns;
    }

    @Override
    public void close() throws IOException {
        Sh.cleanUp(List.of(
                new String[] {"umount", file.toString()},
                new String[] {"umount", dir.toString()}));
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
        Files.deleteIfExists(inner);
    }
}
