package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Parents and owners: walks {@code NS_GET_PARENT} up the user and PID hierarchies and asks every
 * namespace for its owning user namespace ({@code NS_GET_USERNS}) and every user namespace for its
 * creator ({@code NS_GET_OWNER_UID}).
 *
 * <p>Each namespace is opened once; namespaces are asked in parallel. Parents and owners come back as
 * descriptors, identified by fstat (their type is known); one we have not seen before (an
 * intermediate user namespace no process is in) is recorded with source {@code hierarchy} and
 * queried through that descriptor in the next round, so it needs no path.
 */
final class RelationScan {
    private final ResultBuilder builder;
    private final boolean hierarchy;
    private final boolean ownership;

    RelationScan(ResultBuilder builder, boolean hierarchy, boolean ownership) {
        this.builder = builder;
        this.hierarchy = hierarchy;
        this.ownership = ownership;
    }

    /** A relation a worker found: the namespace, and the descriptor the kernel gave for it. */
    private record Related(NamespaceId id, int fd) {}

    /** What one worker learnt about one namespace. */
    private record Relations(NamespaceDraft draft, Related owner, Related parent, Integer ownerUid, Warning warning) {}

    /**
     * Rounds: every namespace of a round is asked in parallel; relations to namespaces not seen
     * before become the next round, queried through the descriptors the kernel handed out.
     */
    void run() {
        List<NamespaceDraft> round = new ArrayList<>(builder.namespaces.values());
        round.sort((a, b) -> a.id.compareTo(b.id));
        while (!round.isEmpty()) {
            List<NamespaceDraft> next = new ArrayList<>();
            for (Relations relations : builder.inParallel(round, this::relate, draft -> draft.id,
                    draft -> "the relations of " + draft.id, draft -> new Relations(draft, null, null, null, null),
                    RelationScan::close)) {
                NamespaceDraft draft = relations.draft;
                if (relations.warning != null) {
                    builder.warn(relations.warning);
                }
                if (relations.ownerUid != null) {
                    draft.ownerUid = relations.ownerUid;
                }
                if (relations.owner != null) {
                    draft.owner = relations.owner.id;
                    keepIfNew(relations.owner, next);
                }
                if (relations.parent != null) {
                    draft.parent = relations.parent.id;
                    keepIfNew(relations.parent, next);
                }
            }
            round = next;
        }
    }

    /** A namespace found only through a relation is recorded and asked in the next round; else its fd goes. */
    private void keepIfNew(Related related, List<NamespaceDraft> next) {
        NamespaceDraft known = builder.namespaces.get(related.id);
        if (known == null) {
            NamespaceDraft found = builder.found(related.id, Source.HIERARCHY, null);
            found.hold(related.fd);
            next.add(found);
        } else {
            Nsfs.close(related.fd);
        }
    }

    /** Closes what a late result holds: its item was given up on. */
    private static void close(Relations late) {
        for (Related related : new Related[] {late.owner, late.parent}) {
            if (related != null) {
                Nsfs.close(related.fd);
            }
        }
    }

    private Relations relate(NamespaceDraft draft) {
        if (draft.unreachable()) {
            return new Relations(draft, null, null, null, null); // nothing left to open it by
        }
        int fd;
        try {
            fd = draft.open();
        } catch (NativeCallException e) {
            return new Relations(draft, null, null, null,
                    ResultBuilder.warning(e, 0, "open " + draft.id + " to read its relations", ""));
        }
        NamespaceType type = draft.id.type();
        Related owner = null;
        Related parent = null;
        Integer ownerUid = null;
        try {
            if (ownership && type == NamespaceType.USER) {
                ownerUid = Nsfs.ownerUid(fd);
            } else if (ownership) {
                int ownerFd = Nsfs.ownerUserNamespace(fd);
                owner = new Related(new NamespaceId(NamespaceType.USER, inodeOrClose(ownerFd)), ownerFd);
            }
            if (hierarchy && type.isHierarchical()) {
                OptionalInt parentFd = Nsfs.parent(fd);
                if (parentFd.isPresent()) {
                    parent = new Related(new NamespaceId(type, inodeOrClose(parentFd.getAsInt())), parentFd.getAsInt());
                }
            }
            return new Relations(draft, owner, parent, ownerUid, null);
        } catch (NativeCallException e) {
            return new Relations(draft, owner, parent, ownerUid,
                    ResultBuilder.warning(e, 0, "read the relations of " + draft.id, ""));
        } finally {
            Nsfs.close(fd);
        }
    }

    private static long inodeOrClose(int fd) throws NativeCallException {
        try {
            return Nsfs.inode(fd);
        } catch (NativeCallException e) {
            Nsfs.close(fd);
            throw e;
        }
    }
}
