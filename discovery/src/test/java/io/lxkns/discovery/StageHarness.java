package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.linux.NativeSupport;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.procfs.Procfs;
import io.lxkns.discovery.testing.Root;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs single stages of the pipeline the way {@link Discovery#discover} wires them: the process
 * scan on a fresh {@link ResultBuilder}, then only the stages a test names, then {@link
 * ResultBuilder#closeHeldDescriptors}. Also watches this JVM's descriptors, so that a test can tell
 * that a stage left none open.
 */
final class StageHarness {
    static final Procfs PROC = new Procfs(Path.of("/proc"));
    static final int SELF = (int) ProcessHandle.current().pid();

    private StageHarness() {}

    /**
     * Root, the native library, and one full discovery: the JDK and JNA open some files lazily
     * (class path jars, the native library), which must not count as a stage's descriptors.
     */
    static void prepare() {
        Root.require();
        NativeSupport.load();
        Discovery.discover();
    }

    /** A fresh builder holding the process table: the first step of every discovery. */
    static ResultBuilder processes() {
        ResultBuilder builder = new ResultBuilder();
        new ProcessScan(PROC, builder).run();
        return builder;
    }

    /** This JVM's open descriptors and what each refers to, without the one that lists them. */
    static Map<Integer, String> openFds() throws IOException {
        Map<Integer, String> fds = new TreeMap<>();
        Path dir = Path.of("/proc/self/fd");
        String listing = "/proc/" + SELF + "/fd";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    String target = Files.readSymbolicLink(entry).toString();
                    if (!target.equals(listing)) {
                        fds.put(Integer.parseInt(entry.getFileName().toString()), target);
                    }
                } catch (NoSuchFileException e) {
                    // closed meanwhile
                }
            }
        }
        return fds;
    }

    /**
     * How many of this JVM's descriptors refer to {@code id}: an fd on nsfs with its inode. Not by
     * link text: an fd opened through a bind mount links to the mount's path.
     */
    static long descriptorsOf(NamespaceId id) throws IOException {
        long count = 0;
        for (int fd : openFds().keySet()) {
            Path link = Path.of("/proc/self/fd", Integer.toString(fd));
            try {
                if (((Number) Files.getAttribute(link, "unix:dev")).longValue() == Discovery.nsfsDev()
                        && ((Number) Files.getAttribute(link, "unix:ino")).longValue() == id.inode()) {
                    count++;
                }
            } catch (IOException e) {
                // closed meanwhile
            }
        }
        return count;
    }

    /**
     * Fails when a descriptor is open now that was not open, or referred to something else, in
     * {@code before}; descriptors closed meanwhile (the JDK closes a finished child's pipes
     * asynchronously) are no leak.
     */
    static void assertNoDescriptorLeft(Map<Integer, String> before) throws IOException {
        Map<Integer, String> added = new TreeMap<>(openFds());
        added.entrySet().removeIf(fd -> fd.getValue().equals(before.get(fd.getKey())));
        assertThat(added).as("descriptors left open after the stage and closeHeldDescriptors()").isEmpty();
    }

    /** The namespace {@code link} ({@code /proc/PID/ns/net}, a task's, an fd) refers to. */
    static NamespaceId link(Path link) throws IOException {
        String text = Files.readSymbolicLink(link).toString();
        return NamespaceId.parse(text).orElseThrow(() -> new IllegalStateException(link + " -> " + text));
    }

    static NamespaceId namespaceOf(long pid, NamespaceType type) throws IOException {
        return link(Path.of("/proc", Long.toString(pid), "ns", type.procName()));
    }

    /** The namespace bind-mounted on {@code path}: an nsfs file's inode is its namespace's. */
    static NamespaceId boundAt(Path path, NamespaceType type) throws IOException {
        return new NamespaceId(type, ((Number) Files.getAttribute(path, "unix:ino")).longValue());
    }

    /** The TID of the calling thread. */
    static int currentTid() throws IOException {
        String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        return Integer.parseInt(self.substring(self.lastIndexOf('/') + 1));
    }
}
