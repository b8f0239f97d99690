package io.lxkns.discovery.model;

import java.util.List;
import java.util.Map;

/**
 * One process as seen in procfs.
 *
 * @param pid PID in the PID namespace of the procfs we read
 * @param ppid parent PID, 0 for the roots
 * @param comm the kernel's command name (never the command line: it may hold secrets)
 * @param state the one-letter state from {@code /proc/PID/stat} ({@code Z} for zombies)
 * @param uid the owner UID of {@code /proc/PID} (the effective UID, as lsns shows it)
 * @param starttime start time in clock ticks since boot; with the pid it identifies the process
 * @param threads number of threads
 * @param namespaces the namespaces the process is in, by type
 * @param forChildren the PID and time namespaces its future children will be in
 * @param nspids its PID in each PID namespace it is in, outermost (ours) first, innermost last
 * @param cgroup its cgroup path: the unified (v2) path on a cgroup v2 host, the freezer hierarchy's
 *     path on a v1 or hybrid host; null when not read
 * @param frozen whether that cgroup is frozen; null when unknown
 */
public record ProcessInfo(
        int pid,
        int ppid,
        String comm,
        char state,
        int uid,
        long starttime,
        int threads,
        Map<NamespaceType, NamespaceId> namespaces,
        Map<NamespaceType, NamespaceId> forChildren,
        List<Integer> nspids,
        String cgroup,
        Boolean frozen) {

    public ProcessInfo {
        namespaces = Map.copyOf(namespaces);
        forChildren = Map.copyOf(forChildren);
        nspids = List.copyOf(nspids);
    }

    public ProcessInfo withNspids(List<Integer> pids) {
        return new ProcessInfo(pid, ppid, comm, state, uid, starttime, threads, namespaces, forChildren,
                pids, cgroup, frozen);
    }

    public ProcessInfo withCgroup(String path, Boolean isFrozen) {
        return new ProcessInfo(pid, ppid, comm, state, uid, starttime, threads, namespaces, forChildren,
                nspids, path, isFrozen);
    }

    /** Its PID in its own (innermost) PID namespace. */
    public int innermostPid() {
        return nspids.isEmpty() ? pid : nspids.get(nspids.size() - 1);
    }

    public NamespaceId namespace(NamespaceType type) {
        return namespaces.get(type);
    }

    public boolean isZombie() {
        return state == 'Z';
    }
}
