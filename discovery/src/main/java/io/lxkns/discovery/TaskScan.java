package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loose threads: threads in a namespace their process is not in ({@code /proc/PID/task/TID/ns/*}),
 * which lsns never sees. Only multi-threaded processes are visited, so a host of single-threaded
 * processes costs nothing extra. Threads come and go all the time, so a vanished one is no warning.
 */
final class TaskScan {
    private final Procfs procfs;
    private final ResultBuilder builder;

    TaskScan(Procfs procfs, ResultBuilder builder) {
        this.procfs = procfs;
        this.builder = builder;
    }

    void run() {
        List<ProcessInfo> multiThreaded = new ArrayList<>();
        for (ProcessInfo process : builder.processes.values()) {
            if (process.threads() > 1 && !process.namespaces().isEmpty()) {
                multiThreaded.add(process);
            }
        }
        for (ProcessInfo process : multiThreaded) {
            scan(process);
        }
    }

    private void scan(ProcessInfo process) {
        List<Integer> tids;
        try {
            tids = procfs.tids(process.pid());
        } catch (IOException e) {
            return; // exited since the process scan: the process scan already has what it had
        }
        for (int tid : tids) {
            if (tid == process.pid()) {
                continue;
            }
            Path dir = procfs.taskDir(process.pid(), tid);
            Map<String, String> links;
            try {
                links = procfs.namespaceLinks(dir);
            } catch (IOException e) {
                continue;
            }
            for (Map.Entry<String, String> link : links.entrySet()) {
                NamespaceId id = NamespaceLinks.parse(link, tid, builder);
                if (id == null || id.equals(processNamespace(process, link.getKey(), id))) {
                    continue;
                }
                NamespaceDraft draft = builder.found(id, Source.TASK, dir.resolve("ns").resolve(link.getKey()));
                if (!NamespaceLinks.isForChildren(link.getKey())) {
                    draft.looseThreads.add(tid);
                }
            }
        }
    }

    private static NamespaceId processNamespace(ProcessInfo process, String linkName, NamespaceId threadNs) {
        return NamespaceLinks.isForChildren(linkName)
                ? process.forChildren().get(threadNs.type())
                : process.namespace(threadNs.type());
    }
}
