package io.lxkns.discovery.model;

/** How a namespace was found. A namespace found in several ways lists every one. */
public enum Source {
    /** A process is in it, or will put its children in it: {@code /proc/PID/ns/*}. */
    PROC("proc"),
    /** A thread is in it while its process is not: {@code /proc/PID/task/TID/ns/*}. */
    TASK("task"),
    /** An open file descriptor refers to it: {@code /proc/PID/fd/N -> net:[...]}. */
    FD("fd"),
    /** A socket of some process was created in it (network namespaces only). */
    SOCKET("socket"),
    /** It is bind-mounted somewhere, in some mount namespace. */
    BINDMOUNT("bindmount"),
    /** Reached only as the parent or owning user namespace of another namespace. */
    HIERARCHY("hierarchy");

    private final String jsonName;

    Source(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
