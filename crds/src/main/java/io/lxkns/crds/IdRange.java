package io.lxkns.crds;

import java.util.List;

/**
 * One line of a user namespace's {@code uid_map} or {@code gid_map}: {@code length} ids from {@code
 * inside} map to {@code host} on the node. Written {@code inside:host:length} in a report ({@link
 * NodeNamespacesStatus#ID_RANGE}); the agent and the operator judge maps by the same two rules here.
 */
public record IdRange(long inside, long host, long length) {
    /** The most lines the kernel allows in one id map: more are not a map. */
    public static final int MAX_MAP_LINES = 340;

    /** {@code inside:host:length}, as the CRD's pattern guarantees it. */
    public static IdRange parse(String line) {
        String[] fields = line.split(":");
        return new IdRange(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]));
    }

    /** Whether this range and {@code other} map any host id in common. */
    public boolean overlapsOnHost(IdRange other) {
        return host < other.host + other.length && other.host < host + length;
    }

    /** Whether the host's root (uid 0) is mapped into the namespace. */
    public boolean mapsHostRoot() {
        return host == 0 && length > 0;
    }

    /** Whether any line of a map maps the host's root. */
    public static boolean anyMapsHostRoot(List<IdRange> map) {
        return map.stream().anyMatch(IdRange::mapsHostRoot);
    }

    /** Whether two maps share any host id. */
    public static boolean overlapOnHost(List<IdRange> one, List<IdRange> other) {
        return one.stream().anyMatch(a -> other.stream().anyMatch(a::overlapsOnHost));
    }

    @Override
    public String toString() {
        return inside + ":" + host + ":" + length;
    }
}
