package io.lxkns.discovery;

import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.CgroupMembership;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each process's cgroup and whether it is frozen. On a cgroup v2 host that is the unified hierarchy
 * ({@code cgroup.events: frozen 1}); on a v1 or hybrid host the freezer hierarchy ({@code
 * freezer.state: FROZEN}), since that is where freezing happens there. The state is read once per
 * cgroup, not per process.
 */
final class CgroupScan {
    private final Procfs procfs;
    private final Path cgroupRoot;
    private final ResultBuilder builder;
    private final Map<String, Boolean> frozenByPath = new ConcurrentHashMap<>();

    CgroupScan(Procfs procfs, Path cgroupRoot, ResultBuilder builder) {
        this.procfs = procfs;
        this.cgroupRoot = cgroupRoot;
        this.builder = builder;
    }

    /** A process with its cgroup, or the warning why not; null when it simply exited. */
    private record Scanned(ProcessInfo process, Warning warning) {}

    void run() {
        boolean unified = Files.exists(cgroupRoot.resolve("cgroup.controllers"));
        for (Scanned scanned : Parallel.map(List.copyOf(builder.processes.values()), p -> scan(p, unified))) {
            if (scanned.warning != null) {
                builder.warn(scanned.warning);
            } else if (scanned.process != null) {
                builder.processes.put(scanned.process.pid(), scanned.process);
            }
        }
    }

    private Scanned scan(ProcessInfo process, boolean unified) {
        String path;
        try {
            String content = procfs.cgroup(process.pid());
            path = unified ? CgroupMembership.path(content, null) : CgroupMembership.path(content, "freezer");
            if (path == null) {
                path = CgroupMembership.path(content, null);
            }
        } catch (IOException e) {
            return ResultBuilder.classify(e) == Warning.Kind.VANISHED ? new Scanned(null, null)
                    : new Scanned(null, ResultBuilder.warning(e, process.pid(), "the cgroup of process " + process.pid()));
        }
        if (path == null) {
            return new Scanned(null, null);
        }
        Boolean frozen = frozenByPath.computeIfAbsent(path, p -> frozen(p, unified));
        return new Scanned(process.withCgroup(path, frozen), null);
    }

    /** Null when the state cannot be read (no freezer hierarchy mounted, the cgroup just went). */
    private Boolean frozen(String path, boolean unified) {
        Path dir = (unified ? cgroupRoot : cgroupRoot.resolve("freezer")).resolve(path.substring(1));
        try {
            if (unified) {
                return Files.readAllLines(dir.resolve("cgroup.events"), StandardCharsets.US_ASCII).contains("frozen 1");
            }
            if (path.equals("/")) {
                return false; // the v1 root cgroup cannot be frozen and has no freezer.state
            }
            String state = Files.readString(dir.resolve("freezer.state"), StandardCharsets.US_ASCII).strip();
            return !state.equals("THAWED");
        } catch (IOException e) {
            return null;
        }
    }
}
