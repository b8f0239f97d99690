package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.ProcStat;
import io.lxkns.discovery.procfs.ProcStatus;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The process table and the namespaces every process is in ({@code /proc/PID/stat}, {@code /proc/PID/ns/*}). */
final class ProcessScan {
    private final Procfs procfs;
    private final ResultBuilder builder;

    ProcessScan(Procfs procfs, ResultBuilder builder) {
        this.procfs = procfs;
        this.builder = builder;
    }

    /** What one worker learnt about one process; merged into the builder on one thread. */
    private record Scanned(ProcessInfo process, List<Found> namespaces, List<Warning> warnings) {}

    private record Found(NamespaceId id, Path handle) {}

    void run() {
        List<Integer> pids;
        try {
            pids = procfs.pids();
        } catch (IOException e) {
            builder.warn(e, 0, "the process list in " + procfs.root());
            return;
        }
        for (Scanned scanned : builder.inParallel(pids, this::scan, pid -> pid, pid -> "process " + pid,
                pid -> new Scanned(null, List.of(), List.of()))) {
            scanned.warnings.forEach(builder::warn);
            if (scanned.process != null) {
                builder.processes.put(scanned.process.pid(), scanned.process);
                scanned.namespaces.forEach(found -> builder.found(found.id, Source.PROC, found.handle));
            }
        }
        translatePids();
    }

    private Scanned scan(int pid) {
        List<Warning> warnings = new ArrayList<>(0);
        ProcStat stat;
        int uid;
        try {
            stat = procfs.stat(pid);
            uid = procfs.uid(pid);
        } catch (IOException e) {
            warnings.add(ResultBuilder.warning(e, pid, "process " + pid));
            return new Scanned(null, List.of(), warnings);
        }
        Path dir = procfs.processDir(pid);
        Map<String, String> links;
        try {
            links = procfs.namespaceLinks(dir);
        } catch (AccessDeniedException e) {
            warnings.add(ResultBuilder.warning(e, pid, "namespaces of process " + pid + " (" + stat.comm() + ")"));
            links = Map.of();
        } catch (IOException e) {
            warnings.add(ResultBuilder.warning(e, pid, "namespaces of process " + pid + " (" + stat.comm() + ")"));
            return new Scanned(null, List.of(), warnings);
        }
        if (stat.state() == 'Z' && links.isEmpty()) {
            warnings.add(new Warning(Warning.Kind.ZOMBIE, pid,
                    "process " + pid + " (" + stat.comm() + ") is a zombie: its namespaces are released"));
        }
        Map<NamespaceType, NamespaceId> own = new EnumMap<>(NamespaceType.class);
        Map<NamespaceType, NamespaceId> forChildren = new EnumMap<>(NamespaceType.class);
        List<Found> found = new ArrayList<>(links.size());
        Path nsDir = dir.resolve("ns");
        for (Map.Entry<String, String> link : links.entrySet()) {
            NamespaceId id = NamespaceLinks.parse(link, pid, warnings);
            if (id == null) {
                continue;
            }
            (NamespaceLinks.isForChildren(link.getKey()) ? forChildren : own).put(id.type(), id);
            found.add(new Found(id, nsDir.resolve(link.getKey())));
        }
        ProcessInfo process = new ProcessInfo(pid, stat.ppid(), stat.comm(), stat.state(), uid, stat.starttime(),
                stat.threads(), own, forChildren, List.of(pid), null, null);
        return new Scanned(process, found, warnings);
    }

    /**
     * PID translation: a process in a PID namespace below the host's has a PID in each of them; the
     * {@code NSpid} line of its status lists them. Only those processes need the extra read.
     */
    private void translatePids() {
        NamespaceId hostPidNs = builder.initialNamespaces().get(NamespaceType.PID);
        for (ProcessInfo process : List.copyOf(builder.processes.values())) {
            NamespaceId pidNs = process.namespace(NamespaceType.PID);
            if (pidNs == null || pidNs.equals(hostPidNs)) {
                continue;
            }
            try {
                List<Integer> nspids = ProcStatus.nspids(procfs.status(process.pid()));
                builder.processes.put(process.pid(), process.withNspids(nspids));
            } catch (IOException e) {
                builder.warn(e, process.pid(), "the PIDs in its PID namespaces of process " + process.pid());
            }
        }
    }
}
