package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.CgroupMembership;
import io.lxkns.discovery.procfs.MountInfo;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each process's cgroup and whether it is frozen, as the host sees them ({@link HostView}).
 *
 * <p>Paths come from {@code /proc/PID/cgroup}, read in the host's cgroup namespace: read from a pod's
 * own cgroup namespace they would be relative to the pod's cgroup ({@code /../..}). Where freezing
 * happens is taken from the host's mounts: the v1 freezer hierarchy on a v1 or hybrid host ({@code
 * freezer.state}), else the unified one ({@code cgroup.events: frozen 1}); both, and the cgroup
 * files, are read in the host's mount namespace, since a pod's {@code /sys/fs/cgroup} holds only the
 * pod's own subtree and its view of the host's mountinfo is empty. Each state is read once per
 * cgroup, not per process.
 */
final class CgroupScan {
    private final Procfs procfs;
    private final HostView host;
    private final ResultBuilder builder;
    /** Read on a thread in the host's mount namespace: its own mounts are the host's. */
    private static final Path OWN_MOUNTINFO = Path.of("/proc/thread-self/mountinfo");

    CgroupScan(Procfs procfs, HostView host, ResultBuilder builder) {
        this.procfs = procfs;
        this.host = host;
        this.builder = builder;
    }

    /**
     * A process's cgroup path, or the warning why not; all null when it simply exited.
     *
     * @param v1 whether the path is in the v1 freezer hierarchy (else the unified one)
     */
    private record Scanned(ProcessInfo process, String path, boolean v1, Warning warning) {}

    void run() {
        List<ProcessInfo> processes = List.copyOf(builder.processes.values());
        if (processes.isEmpty()) {
            return;
        }
        List<Scanned> scanned;
        try {
            // A joined thread must read alone: the pool's workers are not in the host's cgroup namespace.
            scanned = host.isHost(NamespaceType.CGROUP)
                    ? builder.inParallel(processes, this::scan, ResultBuilder::processKey,
                            p -> "the cgroup of process " + p.pid(), p -> new Scanned(null, null, false, null))
                    : host.call(() -> processes.stream().map(this::scan).toList(), NamespaceType.CGROUP);
        } catch (HostView.Unavailable e) {
            builder.warn(e.kind, 0, "cgroup paths and freezer states are left out: " + e.getMessage());
            return;
        }
        Set<String> cgroups = new HashSet<>();
        scanned.stream().filter(one -> one.path != null).forEach(one -> cgroups.add(key(one.v1, one.path)));
        Map<String, Boolean> frozen;
        try {
            // mountinfo lists only mounts below the reader's root, and shows a cgroup mount's root
            // relative to the reader's cgroup namespace: the host's need both of the host's.
            frozen = host.call(() -> frozenStates(cgroups), NamespaceType.CGROUP, NamespaceType.MNT);
            if (frozen == null) {
                builder.warn(Warning.Kind.IO_ERROR, 0, "freezer states are left out: the host's mounts cannot be read");
                frozen = Map.of();
                cgroups.clear(); // said already
            }
        } catch (HostView.Unavailable e) {
            builder.warn(e.kind, 0, "freezer states are left out: " + e.getMessage());
            frozen = Map.of();
        }
        for (Scanned one : scanned) {
            if (one.warning != null) {
                builder.warn(one.warning);
            } else if (one.process != null) {
                builder.processes.put(one.process.pid(),
                        one.process.withCgroup(one.path, one.path == null ? null : frozen.get(key(one.v1, one.path))));
            }
        }
        if (!cgroups.isEmpty() && frozen.isEmpty()) {
            builder.warn(Warning.Kind.UNSUPPORTED, 0, "freezer states are left out: the host mounts no cgroup"
                    + " hierarchy that freezes (neither a v1 freezer nor cgroup2)");
        }
    }

    private static String key(boolean v1, String path) {
        return (v1 ? "v1:" : "v2:") + path;
    }

    /** The freezer hierarchy's path where the kernel has v1 freezer (v1 and hybrid hosts), else the unified one. */
    private Scanned scan(ProcessInfo process) {
        try {
            String content = procfs.cgroup(process.pid());
            String freezer = CgroupMembership.path(content, "freezer");
            return freezer != null ? new Scanned(process, freezer, true, null)
                    : new Scanned(process, CgroupMembership.path(content, null), false, null);
        } catch (IOException e) {
            return ResultBuilder.classify(e) == Warning.Kind.VANISHED ? new Scanned(null, null, false, null)
                    : new Scanned(null, null, false, ResultBuilder.warning(e, process.pid(), "the cgroup of process " + process.pid()));
        }
    }

    /**
     * The freezer state of each cgroup ({@link #key}); runs in the host's mount and cgroup namespaces,
     * where the mountinfo and the cgroup files are the host's. Cgroups whose state cannot be read are left out.
     */
    private static Map<String, Boolean> frozenStates(Set<String> cgroups) {
        Map<Boolean, MountInfo> mounts = new HashMap<>();
        try {
            for (String line : Procfs.matching(OWN_MOUNTINFO, " - cgroup").matching()) {
                MountInfo mount = MountInfo.parse(line);
                boolean v1 = mount.fsType().equals("cgroup") && mount.hasSuperOption("freezer");
                if (v1 || mount.fsType().equals("cgroup2")) {
                    mounts.putIfAbsent(v1, mount);
                }
            }
        } catch (IOException e) {
            return null; // unreadable, which is not the same as no freezer
        }
        Map<String, Boolean> states = new HashMap<>();
        for (String cgroup : cgroups) {
            boolean v1 = cgroup.startsWith("v1:");
            MountInfo mount = mounts.get(v1);
            Boolean state = mount == null ? null : frozen(mount, v1, cgroup.substring(3));
            if (state != null) {
                states.put(cgroup, state);
            }
        }
        return states;
    }

    /** Null when the state cannot be read (the cgroup just went, or lies outside the mount's root). */
    private static Boolean frozen(MountInfo mount, boolean v1, String path) {
        String below = below(mount.root(), path);
        if (below == null) {
            return null;
        }
        Path dir = Path.of(mount.mountPoint(), below);
        try {
            if (!v1) {
                return Files.readAllLines(dir.resolve("cgroup.events"), StandardCharsets.US_ASCII).contains("frozen 1");
            }
            if (below.isEmpty() && mount.root().equals("/")) {
                return false; // the v1 root cgroup cannot be frozen and has no freezer.state
            }
            String state = Files.readString(dir.resolve("freezer.state"), StandardCharsets.US_ASCII).strip();
            return !state.equals("THAWED");
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code path} relative to the mount's root, without a leading slash; null when outside it. */
    static String below(String mountRoot, String path) {
        String root = mountRoot.endsWith("/") ? mountRoot : mountRoot + "/";
        String withSlash = path.endsWith("/") ? path : path + "/";
        if (!withSlash.startsWith(root)) {
            return null;
        }
        String rest = withSlash.substring(root.length());
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }
}
