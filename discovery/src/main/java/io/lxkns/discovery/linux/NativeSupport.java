package io.lxkns.discovery.linux;

import io.lxkns.discovery.procfs.MountInfo;
import io.lxkns.discovery.procfs.Procfs;
import io.lxkns.discovery.procfs.ProcfsFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure JNA's native library can be loaded, and says plainly why when it cannot.
 *
 * <p>JNA unpacks {@code libjnidispatch.so} from its jar into a temporary directory and loads it from
 * there, which fails where that directory is on a file system mounted {@code noexec} (a common
 * hardening rule for {@code /tmp}). An image that ships the library already unpacked sets {@code
 * jna.boot.library.path} and needs no such directory. Elsewhere, {@link #prepare} picks an exec-able
 * cache directory before JNA first loads; JNA's choice cannot be changed once it has failed.
 */
public final class NativeSupport {
    /** Why no exec-able directory was found; null when there was no problem to find. */
    private static volatile String problem;

    private NativeSupport() {}

    /**
     * Chooses where JNA unpacks its library, unless the user or the image already chose: the JVM's
     * temporary directory where it allows executing, else {@code $XDG_CACHE_HOME/lxkns/native} or
     * {@code ~/.cache/lxkns/native}. Call it before anything touches JNA.
     *
     * @return the directory chosen instead of the temporary one, for other libraries that unpack
     *     native code; empty where nothing was changed
     */
    public static Optional<Path> prepare() {
        if (System.getProperty("jna.boot.library.path") != null || System.getProperty("jna.tmpdir") != null) {
            return Optional.empty();
        }
        List<String> mountinfo = ownMountinfo();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!isNoexec(mountinfo, tmp)) {
            return Optional.empty();
        }
        Set<Path> candidates = new LinkedHashSet<>();
        boolean root = isRoot();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && !root) {
            candidates.add(Path.of(xdg, "lxkns", "native"));
        }
        // As root, only the home directory passwd names: $HOME may be another user's (sudo -E).
        for (String home : root ? new String[] {System.getProperty("user.home")}
                : new String[] {System.getenv("HOME"), System.getProperty("user.home")}) {
            if (home != null && !home.isBlank() && !home.equals("?")) {
                candidates.add(Path.of(home, ".cache", "lxkns", "native"));
            }
        }
        for (Path candidate : candidates) {
            try {
                Files.createDirectories(candidate);
                // Root loads code from there: nobody else may be able to change it, on the whole path.
                if (!isNoexec(mountinfo, candidate) && Files.isWritable(candidate) && (!root || rootAlone(candidate))) {
                    System.setProperty("jna.tmpdir", candidate.toString());
                    return Optional.of(candidate);
                }
            } catch (IOException | SecurityException e) {
                // not usable; try the next
            }
        }
        problem = tmp + " is mounted noexec and no exec-able cache directory was found"
                + (candidates.isEmpty() ? " (no home directory)" : " (tried " + candidates + ")");
        return Optional.empty();
    }

    /**
     * Loads the native library now.
     *
     * @throws NativeUnavailableException with one sentence naming the cause and the fix
     */
    public static void load() {
        try {
            LibC.load();
        } catch (LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String cause = problem != null ? problem
                    : String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
            throw new NativeUnavailableException("cannot load JNA's native library: " + cause
                    + "; set -Djna.tmpdir=DIR to a directory on a file system mounted without noexec"
                    + " (with bin/lxkns: LXKNS_JAVA_OPTS=-Djna.tmpdir=DIR)", e);
        }
    }

    /** Whether this process runs as root (the owner of {@code /proc/self}). */
    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Every directory from {@code dir} up to / is root's and writable by root alone. */
    static boolean rootAlone(Path dir) {
        try {
            for (Path step = dir.toRealPath(); step != null; step = step.getParent()) {
                Map<String, Object> attributes = Files.readAttributes(step, "unix:uid,mode");
                int mode = (Integer) attributes.get("mode");
                boolean sticky = (mode & 01000) != 0; // /tmp: others may write, not replace what is ours
                if ((Integer) attributes.get("uid") != 0 || ((mode & 022) != 0 && !sticky)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** True when {@code path} lies on a mount with the {@code noexec} option, by our own mountinfo. */
    static boolean isNoexec(List<String> mountinfo, Path path) {
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            real = path.toAbsolutePath().normalize();
        }
        MountInfo covering = null;
        for (String line : mountinfo) {
            try {
                MountInfo mount = MountInfo.parse(line);
                // Later lines are mounted over earlier ones at the same point: the last match wins.
                if (real.startsWith(mount.mountPoint())
                        && (covering == null || mount.mountPoint().length() >= covering.mountPoint().length())) {
                    covering = mount;
                }
            } catch (ProcfsFormatException e) {
                // not a mount line: ignore it
            }
        }
        return covering != null && covering.hasOption("noexec");
    }

    private static List<String> ownMountinfo() {
        try {
            return Procfs.lines(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            return List.of();
        }
    }
}
