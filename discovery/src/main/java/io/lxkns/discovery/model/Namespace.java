package io.lxkns.discovery.model;

import java.util.List;
import java.util.Set;

/**
 * One namespace and everything discovery learnt about it.
 *
 * @param id type and inode
 * @param dev the nsfs device number (the same for every namespace of a boot)
 * @param initial true for the namespaces the host started in (those of kthreadd)
 * @param sources every way it was found
 * @param owner the owning user namespace; null for user namespaces (see {@code parent}) or when unknown
 * @param parent the parent namespace of a user or PID namespace; null at the top or for other types
 * @param ownerUid the UID that created a user namespace; null for other types or when unknown
 * @param processCount processes (not threads) in it
 * @param leaders PIDs of the topmost processes in it: those whose parent is in another namespace of
 *     this type, sorted
 * @param looseThreads TIDs of threads in it whose process is in another namespace of this type
 */
public record Namespace(
        NamespaceId id,
        long dev,
        boolean initial,
        Set<Source> sources,
        NamespaceId owner,
        NamespaceId parent,
        Integer ownerUid,
        int processCount,
        List<Integer> leaders,
        List<Integer> looseThreads) {

    public Namespace {
        sources = Set.copyOf(sources);
        leaders = List.copyOf(leaders);
        looseThreads = List.copyOf(looseThreads);
    }

    public NamespaceType type() {
        return id.type();
    }
}
