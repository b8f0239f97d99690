package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.MountInfo;
import io.lxkns.discovery.procfs.Procfs;
import io.lxkns.discovery.procfs.ProcfsFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Bind-mounted namespaces, from the mountinfo of every mount namespace we know of, read once each:
 *
 * <ul>
 *   <li>a mount namespace a process is in: through that process, {@code /proc/PID/mountinfo}, and
 *       its files through the {@code /proc/PID/root} wormhole;
 *   <li>any other (bind-mounted, or held by a thread, an fd): a dedicated thread enters it and parks
 *       ({@link EnteredMountNamespace}); it is read through {@code /proc/self/task/TID}.
 * </ul>
 *
 * A mount namespace found bind-mounted is itself read in turn, so bind mounts visible only inside a
 * process-less mount namespace are found too. nsfs mounts have the namespace's text form, {@code
 * net:[...]}, as their root field.
 */
final class MountScan {
    /** The separator and fstype of an nsfs line in mountinfo. */
    private static final String NSFS_MARKER = " - nsfs ";

    private final Procfs procfs;
    private final ResultBuilder builder;
    private final Set<NamespaceId> read = new HashSet<>();
    private final Deque<NamespaceDraft> pending = new ArrayDeque<>();

    MountScan(Procfs procfs, ResultBuilder builder) {
        this.procfs = procfs;
        this.builder = builder;
    }

    /** A mount namespace seen through one of its processes. */
    private record View(NamespaceId mnt, Path dir) {}

    /** What a worker read of one mount namespace: its mount count and its nsfs mounts. */
    private record Parsed(View view, int mounts, List<MountInfo> nsfs, List<Warning> warnings, boolean readable) {}

    void run() {
        Map<NamespaceId, View> views = new LinkedHashMap<>();
        for (ProcessInfo process : builder.processes.values()) {
            NamespaceId mnt = process.namespace(NamespaceType.MNT);
            if (mnt != null) {
                views.putIfAbsent(mnt, new View(mnt, procfs.processDir(process.pid())));
            }
        }
        // Each mountinfo may have thousands of lines: worth a worker from two mount namespaces on.
        for (Parsed parsed : builder.inParallel(List.copyOf(views.values()),
                view -> parse(view.mnt, view.dir.resolve("mountinfo"), view), View::mnt, view -> "the mounts of " + view.mnt,
                view -> new Parsed(view, 0, List.of(), List.of(), false))) {
            if (parsed.readable) {
                record(parsed, parsed.view.dir.resolve("root"), null);
                read.add(parsed.view.mnt);
            }
            parsed.warnings.forEach(builder::warn);
        }
        builder.namespaces.values().stream()
                .filter(draft -> draft.id.type() == NamespaceType.MNT && !read.contains(draft.id))
                .sorted((a, b) -> a.id.compareTo(b.id))
                .forEach(pending::add);
        // In waves: those found in one wave's mount namespaces are read in the next.
        while (!pending.isEmpty()) {
            List<NamespaceDraft> wave = new ArrayList<>();
            for (NamespaceDraft draft; (draft = pending.poll()) != null; ) {
                if (read.add(draft.id)) {
                    wave.add(draft);
                }
            }
            enterAndRead(wave);
        }
    }

    /**
     * What a worker found inside a mount namespace it entered: its mounts, a descriptor of each
     * namespace bind-mounted there that had no other way in, and the mount namespace's own
     * descriptor (or -1) to hold or close.
     */
    private record Entered(Parsed parsed, Map<NamespaceId, Integer> opened, int mntFd, List<Warning> warnings) {}

    /**
     * Reads mount namespaces no process is in. On workers, within the stage's deadline: paths in
     * there are a tenant's, and a lookup in a file system that never answers must not hold us. The
     * workers see which namespaces can be reached otherwise as a snapshot: a worker that outlives
     * the deadline must not read the builder while it changes.
     */
    private void enterAndRead(List<NamespaceDraft> wave) {
        Set<NamespaceId> reachable = new HashSet<>();
        builder.namespaces.values().stream().filter(d -> !d.unreachable()).forEach(d -> reachable.add(d.id));
        List<Entered> results = builder.inParallel(wave, draft -> enter(draft, reachable), d -> d.id,
                d -> "the bind mounts of " + d.id, d -> null, MountScan::close);
        for (int i = 0; i < wave.size(); i++) {
            NamespaceDraft draft = wave.get(i);
            Entered entered = results.get(i);
            if (entered == null) {
                continue; // given up on, and warned about
            }
            entered.warnings.forEach(builder::warn);
            if (entered.parsed != null && entered.parsed.readable) {
                record(entered.parsed, null, entered.opened);
            }
            entered.opened.values().forEach(Nsfs::close); // those record() did not take
            if (entered.mntFd >= 0) {
                if (draft.unreachable()) {
                    draft.hold(entered.mntFd); // its only way in: the relation scan needs it too
                } else {
                    Nsfs.close(entered.mntFd);
                }
            }
        }
    }

    /** Closes what a late result holds: its item was given up on. */
    private static void close(Entered late) {
        if (late != null) {
            late.opened.values().forEach(Nsfs::close);
            if (late.mntFd >= 0) {
                Nsfs.close(late.mntFd);
            }
        }
    }

    /** On a worker: enters the mount namespace, reads its mounts, opens what only it can reach. */
    private Entered enter(NamespaceDraft draft, Set<NamespaceId> reachable) {
        List<Warning> warnings = new ArrayList<>(0);
        Map<NamespaceId, Integer> opened = new HashMap<>();
        int fd;
        try {
            fd = draft.open();
        } catch (NativeCallException e) {
            warnings.add(ResultBuilder.warning(e, 0, "open " + draft.id + " to read its bind mounts", ""));
            return new Entered(null, opened, -1, warnings);
        }
        try (EnteredMountNamespace entered = EnteredMountNamespace.enter(fd)) {
            Path task = entered.taskDir();
            Parsed parsed = parse(draft.id, task.resolve("mountinfo"), new View(draft.id, task));
            warnings.addAll(parsed.warnings);
            // Only valid while the thread is in there: open now what has no other way in.
            for (MountInfo mount : parsed.nsfs) {
                NamespaceId id = NamespaceId.parse(mount.root()).orElse(null);
                if (id != null && !opened.containsKey(id) && !reachable.contains(id)) {
                    try {
                        int nsFd = NamespaceDraft.openVerified(task.resolve("root").resolve(relative(mount.mountPoint())),
                                true, id);
                        if (nsFd >= 0) {
                            opened.put(id, nsFd);
                        }
                    } catch (NativeCallException e) {
                        // unreadable there: the namespace is known, its relations stay unknown
                    }
                }
            }
            return new Entered(new Parsed(parsed.view, parsed.mounts, parsed.nsfs, List.of(), parsed.readable), opened,
                    fd, warnings);
        } catch (NativeCallException e) {
            warnings.add(ResultBuilder.warning(e, 0, "enter " + draft.id + " to read its bind mounts",
                    " (needs CAP_SYS_ADMIN and CAP_SYS_CHROOT)"));
        } catch (IOException e) {
            warnings.add(ResultBuilder.warning(e, 0, "the bind mounts of " + draft.id));
        }
        return new Entered(null, opened, fd, warnings);
    }

    /**
     * Reads one mount namespace's mountinfo; only nsfs lines are parsed (on a host with many bind
     * mounts of other kinds most lines are not). Safe to run on any thread.
     */
    private static Parsed parse(NamespaceId mnt, Path mountinfo, View view) {
        Procfs.Matching lines;
        List<Warning> warnings = new ArrayList<>(0);
        try {
            lines = Procfs.matching(mountinfo, NSFS_MARKER);
        } catch (IOException e) {
            if (ResultBuilder.classify(e) != Warning.Kind.VANISHED) {
                warnings.add(ResultBuilder.warning(e, 0, "the mounts of " + mnt + " (" + mountinfo + ")"));
            }
            return new Parsed(view, 0, List.of(), warnings, false);
        }
        List<MountInfo> nsfs = new ArrayList<>();
        for (String line : lines.matching()) {
            try {
                nsfs.add(MountInfo.parse(line));
            } catch (ProcfsFormatException e) {
                warnings.add(ResultBuilder.warning(e, 0, "a mount of " + mnt));
            }
        }
        return new Parsed(view, lines.lines(), nsfs, warnings, true);
    }

    /**
     * Records a mount namespace's nsfs mounts. {@code root} resolves the mount points of a mount
     * namespace a process is in; for one entered by a parked thread (gone by now) it is null, and
     * {@code opened} holds descriptors of the namespaces that have no other way in (taken from it).
     */
    private void record(Parsed parsed, Path root, Map<NamespaceId, Integer> opened) {
        boolean transientRoot = root == null;
        NamespaceId mnt = parsed.view.mnt;
        builder.namespaces.get(mnt).mountCount = parsed.mounts;
        for (MountInfo mount : parsed.nsfs) {
            NamespaceId id = NamespaceId.parse(mount.root()).orElse(null);
            if (id == null) {
                builder.warn(Warning.Kind.UNPARSABLE, 0, "nsfs mount " + mount.mountPoint() + " in " + mnt
                        + " has an unexpected root '" + mount.root() + "'");
                continue;
            }
            NamespaceDraft draft = builder.namespaces.get(id);
            // A path is built only where it may be needed: a draft keeps a few ways in, not hundreds.
            boolean wantsPath = draft == null || draft.wantsHandle();
            Path path = wantsPath && !transientRoot ? root.resolve(relative(mount.mountPoint())) : null;
            draft = builder.found(id, Source.BINDMOUNT, path);
            draft.addBindMount(new BindMount(mount.mountPoint(), mnt));
            if (transientRoot && draft.unreachable() && opened.containsKey(id)) {
                draft.hold(opened.remove(id));
            }
            if (id.type() == NamespaceType.MNT && !read.contains(id)) {
                pending.add(draft);
            }
        }
    }

    private static String relative(String mountPoint) {
        int start = 0;
        while (start < mountPoint.length() && mountPoint.charAt(start) == '/') {
            start++;
        }
        return mountPoint.substring(start);
    }
}
