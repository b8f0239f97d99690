package io.lxkns.discovery.model;

import java.util.Optional;

/**
 * A namespace's identity within one boot: its type and nsfs inode. All namespaces live on the same
 * nsfs device, so the inode alone is unique at a point in time; inodes are reused once a namespace
 * dies, so long-lived keys must add the boot id.
 */
public record NamespaceId(NamespaceType type, long inode) implements Comparable<NamespaceId> {
    /**
     * Parses the text of a namespace link, {@code net:[4026531840]}. Returns empty for anything
     * else (a socket, a pipe, a malformed link).
     */
    public static Optional<NamespaceId> parse(String link) {
        int colon = link.indexOf(":[");
        if (colon <= 0 || !link.endsWith("]")) {
            return Optional.empty();
        }
        Optional<NamespaceType> type = NamespaceType.ofProcName(link.substring(0, colon));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new NamespaceId(type.get(),
                    Long.parseUnsignedLong(link, colon + 2, link.length() - 1, 10)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(NamespaceId other) {
        int byType = type.compareTo(other.type);
        return byType != 0 ? byType : Long.compare(inode, other.inode);
    }

    /** The text form used by the kernel and everywhere in lxkns: {@code net:[4026531840]}. */
    @Override
    public String toString() {
        return type.procName() + ":[" + Long.toUnsignedString(inode) + "]";
    }
}
