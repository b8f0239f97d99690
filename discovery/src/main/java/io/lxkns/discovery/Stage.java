package io.lxkns.discovery;

/**
 * The optional stages of a discovery. The process table and {@code /proc/PID/ns/*} are always read;
 * every stage here adds to them and can be switched off.
 */
public enum Stage {
    /** Threads whose namespaces differ from their process's ({@code /proc/PID/task/TID/ns/*}). */
    TASKS,
    /** Parents of user and PID namespaces, also those that no process is in ({@code NS_GET_PARENT}). */
    HIERARCHY,
    /** Owning user namespace of every namespace, creator UID of user namespaces. */
    OWNERSHIP
}
