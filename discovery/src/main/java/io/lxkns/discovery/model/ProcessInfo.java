package io.lxkns.discovery.model;

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
 * @param forChildren the PID and time namespaces its future children will be in, where they differ
 *     from its own or are the only thing known
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
        Map<NamespaceType, NamespaceId> forChildren) {

    public ProcessInfo {
        namespaces = Map.copyOf(namespaces);
        forChildren = Map.copyOf(forChildren);
    }

    public NamespaceId namespace(NamespaceType type) {
        return namespaces.get(type);
    }

    public boolean isZombie() {
        return state == 'Z';
    }
}
