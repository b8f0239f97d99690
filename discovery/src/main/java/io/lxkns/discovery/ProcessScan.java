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

    void run() {
        List<Integer> pids;
        try {
            pids = procfs.pids();
        } catch (IOException e) {
            builder.warn(e, 0, "the process list in " + procfs.root());
            return;
        }
        for (int pid : pids) {
            scan(pid);
        }
        translatePids();
    }

    private void scan(int pid) {
        ProcStat stat;
        int uid;
        try {
            stat = procfs.stat(pid);
            uid = procfs.uid(pid);
        } catch (IOException e) {
            builder.warn(e, pid, "process " + pid);
            return;
        }
        Path dir = procfs.processDir(pid);
        Map<String, String> links;
        try {
            links = procfs.namespaceLinks(dir);
        } catch (AccessDeniedException e) {
            builder.warn(e, pid, "namespaces of process " + pid + " (" + stat.comm() + ")");
            links = Map.of();
        } catch (IOException e) {
            builder.warn(e, pid, "namespaces of process " + pid + " (" + stat.comm() + ")");
            return;
        }
        if (stat.state() == 'Z' && links.isEmpty()) {
            builder.warn(Warning.Kind.ZOMBIE, pid,
                    "process " + pid + " (" + stat.comm() + ") is a zombie: its namespaces are released");
        }
        Map<NamespaceType, NamespaceId> own = new EnumMap<>(NamespaceType.class);
        Map<NamespaceType, NamespaceId> forChildren = new EnumMap<>(NamespaceType.class);
        for (Map.Entry<String, String> link : links.entrySet()) {
            NamespaceId id = NamespaceLinks.parse(link, pid, builder);
            if (id == null) {
                continue;
            }
            (NamespaceLinks.isForChildren(link.getKey()) ? forChildren : own).put(id.type(), id);
            builder.found(id, Source.PROC, dir.resolve("ns").resolve(link.getKey()));
        }
        builder.processes.put(pid, new ProcessInfo(
                pid, stat.ppid(), stat.comm(), stat.state(), uid, stat.starttime(), stat.threads(), own, forChildren,
                List.of(pid), null, null));
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
