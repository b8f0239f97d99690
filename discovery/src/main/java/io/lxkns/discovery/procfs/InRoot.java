package io.lxkns.discovery.procfs;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path the way a process whose root directory is {@code root} would, typically {@code
 * /proc/PID/root} of a process in another mount namespace or chroot.
 *
 * <p>The kernel resolves {@code /proc/PID/root/var/run/docker.sock} by entering that process's root,
 * but an absolute symlink met on the way ({@code /var/run -> /run} on most hosts) is resolved against
 * the <em>reader's</em> root: from inside a container that is the container's {@code /run}, not the
 * host's. This walk reads each component itself and restarts absolute symlinks at {@code root}, so
 * the result has no symlink left and the kernel resolves it within {@code root}; {@code ..} never
 * climbs above {@code root}.
 *
 * <p>The result is a path, not an open file, because sockets are connected by path. Between the walk
 * and its use the tree may change; use it only where the owner of the tree is trusted as much as
 * the file's use needs (a host's {@code /etc}, an engine's socket directory).
 */
public final class InRoot {
    /** The kernel's limit too (MAXSYMLINKS). */
    static final int MAX_SYMLINKS = 40;

    private InRoot() {}

    /**
     * {@code path} (absolute or relative to {@code root}) resolved inside {@code root}, as a path
     * under {@code root} without symlinks.
     *
     * @throws java.nio.file.NoSuchFileException when a component does not exist
     * @throws NotDirectoryException when a component before the last is not a directory
     * @throws FileSystemException when symlinks nest deeper than the kernel allows
     */
    public static Path resolve(Path root, String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = under(root, done).resolve(name);
            BasicFileAttributes attributes = Files.readAttributes(candidate, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new FileSystemException(root.resolve(relative(path)).toString(), null,
                            "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(candidate).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
            } else if (!todo.isEmpty() && !attributes.isDirectory()) {
                throw new NotDirectoryException(candidate.toString());
            } else {
                done.add(name);
            }
        }
        return under(root, done);
    }

    /** Puts the components of {@code path} in front of what is left to do, in order. */
    private static void push(Deque<String> todo, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            if (!names[i].isEmpty() && !names[i].equals(".")) {
                todo.addFirst(names[i]);
            }
        }
    }

    private static Path under(Path root, List<String> names) {
        return names.isEmpty() ? root : root.resolve(String.join("/", names));
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
