package io.lxkns.discovery.procfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A procfs tree: {@code /proc} on a live system, any directory in tests. Methods throw the JDK's
 * {@link IOException} subtypes unchanged ({@code NoSuchFileException} when a process vanished,
 * {@code AccessDeniedException} when we may not look) so the caller can classify them.
 */
public final class Procfs {
    /** The link names in {@code /proc/PID/ns}: the eight types plus the two for-children links. */
    public static final List<String> NS_LINKS = List.of(
            "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
            "time", "time_for_children", "user", "uts");

    /** Per thread, for {@link #read}: discovery reads from a few pool threads, over and over. */
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));
    /**
     * The largest buffer a thread keeps. A file larger than this (a mountinfo of a mount namespace
     * with thousands of mounts, which a tenant can make) is read into a buffer that is let go after.
     */
    static final int KEPT_BUFFER_BYTES = 64 * 1024;

    private final Path root;

    public Procfs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** PIDs of all processes, from the numeric entries of the procfs root, ascending. */
    public List<Integer> pids() throws IOException {
        return numericEntries(root);
    }

    /** TIDs of all threads of a process, ascending. */
    public List<Integer> tids(int pid) throws IOException {
        return numericEntries(processDir(pid).resolve("task"));
    }

    public Path processDir(int pid) {
        return root.resolve(Integer.toString(pid));
    }

    public Path taskDir(int pid, int tid) {
        return processDir(pid).resolve("task").resolve(Integer.toString(tid));
    }

    public ProcStat stat(int pid) throws IOException {
        return ProcStat.parse(read(processDir(pid).resolve("stat")));
    }

    /** The owner UID of {@code /proc/PID}: the process's effective UID, as lsns reports it. */
    public int uid(int pid) throws IOException {
        return (Integer) Files.getAttribute(processDir(pid), "unix:uid");
    }

    /**
     * Reads the namespace links of a process or task directory ({@code .../ns/*}). Links that do not
     * exist (an older kernel without time namespaces, a zombie) are left out; the map keeps the
     * order of {@link #NS_LINKS}. A missing {@code ns} directory means the process is gone.
     */
    public Map<String, String> namespaceLinks(Path processOrTaskDir) throws IOException {
        Path nsDir = processOrTaskDir.resolve("ns");
        Map<String, String> links = new LinkedHashMap<>();
        NoSuchFileException missing = null;
        for (String name : NS_LINKS) {
            try {
                links.put(name, Files.readSymbolicLink(nsDir.resolve(name)).toString());
            } catch (NoSuchFileException e) {
                missing = e;
            }
        }
        if (links.isEmpty() && missing != null && !Files.isDirectory(nsDir)) {
            throw missing;
        }
        return links;
    }

    /** {@code /proc/PID/status}. */
    public String status(int pid) throws IOException {
        return read(processDir(pid).resolve("status"));
    }

    /**
     * {@code /proc/PID/cmdline} with its NULs as spaces; "" for kernel threads. Only for showing on
     * this machine: command lines may hold secrets and never leave it.
     */
    public String cmdline(int pid) throws IOException {
        return read(processDir(pid).resolve("cmdline")).replace('\0', ' ').strip();
    }

    /** {@code /proc/PID/cgroup}. */
    public String cgroup(int pid) throws IOException {
        return read(processDir(pid).resolve("cgroup"));
    }

    /** The open file descriptor numbers of a process, ascending. */
    public List<Integer> fds(int pid) throws IOException {
        return numericEntries(processDir(pid).resolve("fd"));
    }

    public Path fdPath(int pid, int fd) {
        return processDir(pid).resolve("fd").resolve(Integer.toString(fd));
    }

    /** The lines of a small file. */
    public static List<String> lines(Path file) throws IOException {
        String content = read(file);
        return content.isEmpty() ? List.of() : List.of(content.split("\n"));
    }

    /** How many lines a file has, and those of them that contain a marker. */
    public record Matching(int lines, List<String> matching) {}

    /**
     * Streams a file of any size (a {@code mountinfo} of a mount namespace with a hundred thousand
     * mounts) and keeps only the lines that contain {@code marker}: memory grows with what is kept,
     * not with the file.
     */
    public static Matching matching(Path file, String marker) throws IOException {
        int lines = 0;
        List<String> matching = new ArrayList<>(0);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 16 * 1024)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                if (line.contains(marker)) {
                    matching.add(line);
                }
            }
        }
        return new Matching(lines, matching);
    }

    /** A file under the procfs root, such as {@code sys/kernel/random/boot_id}, trimmed; "" if absent. */
    public String readOptional(String relative) {
        try {
            return read(root.resolve(relative)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads a whole file into this thread's buffer, which grows up to {@link #KEPT_BUFFER_BYTES}. A
     * fifth cheaper per file than {@link Files#readAllBytes}, which also asks procfs for a size it
     * does not know and allocates a buffer each time; discovery reads two files per process.
     */
    static String read(Path file) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        buffer.clear();
        try (FileChannel channel = FileChannel.open(file)) {
            while (channel.read(buffer) >= 0) {
                if (!buffer.hasRemaining()) {
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                    if (buffer.capacity() <= KEPT_BUFFER_BYTES) {
                        BUFFER.set(buffer);
                    }
                }
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** A PID or TID directory name: up to nine digits (PIDs are at most 2^22). */
    private static boolean isId(String name) {
        if (name.isEmpty() || name.length() >= 10) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> numericEntries(Path dir) throws IOException {
        List<Integer> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isId(name)) {
                    ids.add(Integer.parseInt(name));
                }
            }
        }
        ids.sort(null);
        return ids;
    }
}
