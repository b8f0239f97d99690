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
 * @param bindMounts where it is bind-mounted, in every mount namespace discovery could read
 * @param fdRefs open file descriptors that refer to it
 * @param socketRefs sockets created in it (network namespaces only) that are held by processes in
 *     another network namespace; sockets of its own processes are not listed
 * @param mountCount for a mount namespace, how many mounts it has; null for other types or when it
 *     could not be read
 * @param unlisted how many loose threads, bind mounts, fd and socket references were found beyond
 *     the first {@value #LISTED} of each, counted but not listed (a tenant can make millions)
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
        List<Integer> looseThreads,
        List<BindMount> bindMounts,
        List<FdRef> fdRefs,
        List<FdRef> socketRefs,
        Integer mountCount,
        int unlisted) {

    /** The most items any one list holds. */
    public static final int LISTED = 1000;

    public Namespace {
        sources = Set.copyOf(sources);
        leaders = List.copyOf(leaders);
        looseThreads = List.copyOf(looseThreads);
        bindMounts = List.copyOf(bindMounts);
        fdRefs = List.copyOf(fdRefs);
        socketRefs = List.copyOf(socketRefs);
    }

    public NamespaceType type() {
        return id.type();
    }
}
