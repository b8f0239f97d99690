package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
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

    /** A thread's namespace that differs from its process's. */
    private record Loose(NamespaceId id, Path handle, int tid, boolean member) {}

    private record Scanned(List<Loose> loose, List<Warning> warnings) {}

    void run() {
        List<ProcessInfo> multiThreaded = new ArrayList<>();
        for (ProcessInfo process : builder.processes.values()) {
            if (process.threads() > 1 && !process.namespaces().isEmpty()) {
                multiThreaded.add(process);
            }
        }
        // Few processes have many threads (runtimes, JVMs): each is worth a worker.
        for (Scanned scanned : builder.inParallel(multiThreaded, this::scan, ResultBuilder::processKey,
                p -> "the threads of process " + p.pid(), p -> new Scanned(List.of(), List.of()))) {
            scanned.warnings.forEach(builder::warn);
            for (Loose loose : scanned.loose) {
                NamespaceDraft draft = builder.found(loose.id, Source.TASK, loose.handle);
                if (loose.member) {
                    draft.addLooseThread(loose.tid);
                }
            }
        }
    }

    private Scanned scan(ProcessInfo process) {
        List<Warning> warnings = new ArrayList<>(0);
        List<Loose> loose = new ArrayList<>(0);
        List<Integer> tids;
        try {
            tids = procfs.tids(process.pid());
        } catch (IOException e) {
            return new Scanned(loose, warnings); // exited since the process scan, which has what it had
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
                NamespaceId id = NamespaceLinks.parse(link, tid, warnings);
                NamespaceId processNs = id == null ? null : processNamespace(process, link.getKey(), id);
                if (id != null && !id.equals(processNs)) {
                    // A thread in a namespace is a loose thread of it; a differing *_for_children
                    // link only says where its future children go. Where the process's own link is
                    // unknown (its main thread exited: the kernel shows no links), the thread is how
                    // the namespace is found, but nothing says it strayed.
                    loose.add(new Loose(id, dir.resolve("ns").resolve(link.getKey()), tid,
                            processNs != null && !NamespaceLinks.isForChildren(link.getKey())));
                }
            }
        }
        return new Scanned(loose, warnings);
    }

    private static NamespaceId processNamespace(ProcessInfo process, String linkName, NamespaceId threadNs) {
        return NamespaceLinks.isForChildren(linkName)
                ? process.forChildren().get(threadNs.type())
                : process.namespace(threadNs.type());
    }
}
