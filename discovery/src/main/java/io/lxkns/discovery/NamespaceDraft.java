package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the stages have learnt about one namespace so far; mutable, confined to one discovery. */
final class NamespaceDraft {
    /** A few paths are enough to reach a namespace even if some of its processes exit meanwhile. */
    private static final int MAX_HANDLES = 3;

    final NamespaceId id;
    final Set<Source> sources = EnumSet.noneOf(Source.class);
    final Set<Integer> looseThreads = new TreeSet<>();
    /** Paths that open this namespace, in the order they were found. */
    final List<Path> handles = new ArrayList<>(1);
    NamespaceId owner;
    NamespaceId parent;
    Integer ownerUid;

    NamespaceDraft(NamespaceId id) {
        this.id = id;
    }

    void addHandle(Path path) {
        if (path != null && handles.size() < MAX_HANDLES) {
            handles.add(path);
        }
    }
}
