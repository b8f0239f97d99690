package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * Parents and owners: walks {@code NS_GET_PARENT} up the user and PID hierarchies and asks every
 * namespace for its owning user namespace ({@code NS_GET_USERNS}) and every user namespace for its
 * creator ({@code NS_GET_OWNER_UID}).
 *
 * <p>Each namespace is opened once. Parents and owners come back as descriptors; one we have not
 * seen before (an intermediate user namespace no process is in) is recorded with source {@code
 * hierarchy} and queried through that descriptor before it is closed, so it needs no path.
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

    private record Open(NamespaceDraft draft, int fd) {}

    void run() {
        List<NamespaceDraft> known = new ArrayList<>(builder.namespaces.values());
        known.sort((a, b) -> a.id.compareTo(b.id));
        Deque<Open> pending = new ArrayDeque<>();
        for (NamespaceDraft draft : known) {
            int fd = open(draft);
            if (fd < 0) {
                continue;
            }
            pending.push(new Open(draft, fd));
            while (!pending.isEmpty()) {
                Open next = pending.pop();
                try {
                    relate(next, pending);
                } finally {
                    Nsfs.close(next.fd);
                }
            }
        }
    }

    private void relate(Open open, Deque<Open> pending) {
        NamespaceDraft draft = open.draft;
        NamespaceType type = draft.id.type();
        try {
            if (ownership && type == NamespaceType.USER) {
                draft.ownerUid = Nsfs.ownerUid(open.fd);
            } else if (ownership) {
                draft.owner = follow(Nsfs.ownerUserNamespace(open.fd), pending);
            }
            if (hierarchy && type.isHierarchical()) {
                OptionalInt parent = Nsfs.parent(open.fd);
                if (parent.isPresent()) {
                    draft.parent = follow(parent.getAsInt(), pending);
                }
            }
        } catch (NativeCallException e) {
            Warning.Kind kind = Errno.isDenied(e.errno()) ? Warning.Kind.PERMISSION_DENIED
                    : e.errno() == Errno.ENOTTY ? Warning.Kind.UNSUPPORTED : Warning.Kind.IO_ERROR;
            builder.warn(kind, 0, "cannot read the relations of " + draft.id + ": " + e.getMessage());
        } catch (IOException e) {
            builder.warn(e, 0, "the relations of " + draft.id);
        }
    }

    /**
     * Identifies the namespace behind a descriptor the kernel just gave us. A new one is queued
     * with that descriptor; a known one has its descriptor closed.
     */
    private NamespaceId follow(int fd, Deque<Open> pending) throws IOException {
        boolean queued = false;
        try {
            String link = Nsfs.link(fd);
            NamespaceId id = NamespaceId.parse(link)
                    .orElseThrow(() -> new IOException("not a namespace descriptor: " + link));
            if (!builder.namespaces.containsKey(id)) {
                pending.push(new Open(builder.found(id, Source.HIERARCHY, null), fd));
                queued = true;
            }
            return id;
        } finally {
            if (!queued) {
                Nsfs.close(fd);
            }
        }
    }

    /**
     * Opens a namespace through the first of its paths that still leads to it. A path under {@code
     * /proc/PID} may meanwhile belong to another process that reused the PID, so the opened
     * descriptor is checked against the id we expect.
     */
    private int open(NamespaceDraft draft) {
        int held = draft.takeHeldFd();
        if (held >= 0) {
            return held;
        }
        NativeCallException lastFailure = null;
        for (Path handle : draft.handles) {
            int fd;
            try {
                fd = Nsfs.open(handle);
            } catch (NativeCallException e) {
                lastFailure = e;
                continue;
            }
            try {
                if (Nsfs.identify(fd).filter(draft.id::equals).isPresent()) {
                    return fd;
                }
            } catch (IOException e) {
                // fall through: close and try the next path
            }
            Nsfs.close(fd);
        }
        if (lastFailure != null && Errno.isDenied(lastFailure.errno())) {
            builder.warn(Warning.Kind.PERMISSION_DENIED, 0,
                    "cannot open " + draft.id + " to read its relations: permission denied");
        } else if (!draft.handles.isEmpty()) {
            builder.warn(Warning.Kind.VANISHED, 0,
                    "cannot open " + draft.id + " to read its relations: its processes exited during discovery");
        }
        return -1;
    }
}
