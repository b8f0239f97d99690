package io.lxkns.discovery;

/**
 * The optional stages of a discovery. The process table and {@code /proc/PID/ns/*} are always read;
 * every stage here adds to them and can be switched off.
 */
public enum Stage {
    /** Threads whose namespaces differ from their process's ({@code /proc/PID/task/TID/ns/*}). */
    TASKS,
    /** Namespaces that an open file descriptor refers to ({@code /proc/PID/fd/N -> net:[...]}). */
    FDS,
    /** Network namespaces of sockets, borrowed with pidfd_getfd and asked with SIOCGSKNS. */
    SOCKETS,
    /**
     * Bind-mounted namespaces from the mountinfo of every mount namespace, also those no process is
     * in (entered by a dedicated thread), followed recursively.
     */
    BIND_MOUNTS,
    /** Cgroup path and freezer state of every process. */
    CGROUPS,
    /** Parents of user and PID namespaces, also those that no process is in ({@code NS_GET_PARENT}). */
    HIERARCHY,
    /** Owning user namespace of every namespace, creator UID of user namespaces. */
    OWNERSHIP;

    /** Its name in stage timings, {@code lxkns ls -v} and {@code lxkns bench}: lower case, no underscore. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace("_", "");
    }
}
