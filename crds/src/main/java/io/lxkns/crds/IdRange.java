package io.lxkns.crds;

/**
 * One line of a user namespace's {@code uid_map} or {@code gid_map}: {@code length} ids from {@code
 * inside} map to {@code host} on the node. Written {@code inside:host:length} in a report ({@link
 * NodeNamespacesStatus#ID_RANGE}); the agent and the operator judge maps by the same two rules here.
 */
public record IdRange(long inside, long host, long length) {

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

    @Override
    public String toString() {
        return inside + ":" + host + ":" + length;
    }
}
