package io.lxkns.discovery.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of one discovery.
 *
 * @param node the host
 * @param startedAt when the discovery started
 * @param duration how long it took
 * @param namespaces every namespace found, ordered by type then inode
 * @param processes every process, ordered by PID
 * @param initial the host's initial namespace of each type
 * @param warnings what could not be seen, in the order it happened
 * @param stageDurations how long each stage took, in pipeline order
 */
public record DiscoveryResult(
        NodeInfo node,
        Instant startedAt,
        Duration duration,
        Map<NamespaceId, Namespace> namespaces,
        Map<Integer, ProcessInfo> processes,
        Map<NamespaceType, NamespaceId> initial,
        List<Warning> warnings,
        Map<String, Duration> stageDurations) {

    public DiscoveryResult {
        warnings = List.copyOf(warnings);
    }

    public Optional<Namespace> namespace(NamespaceId id) {
        return Optional.ofNullable(namespaces.get(id));
    }

    public Optional<ProcessInfo> process(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    public Collection<Namespace> namespacesOf(NamespaceType type) {
        return namespaces.values().stream().filter(ns -> ns.type() == type).toList();
    }

    public long warningCount(Warning.Kind kind) {
        return warnings.stream().filter(w -> w.kind() == kind).count();
    }
}
