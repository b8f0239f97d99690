package io.lxkns.discovery.model;

/** A file descriptor of a process: {@code /proc/PID/fd/FD}. */
public record FdRef(int pid, int fd) {}
