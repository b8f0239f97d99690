package io.lxkns.discovery;

import static io.lxkns.discovery.StageHarness.PROC;
import static io.lxkns.discovery.StageHarness.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Spawned;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fd and socket stage alone ({@link FdScan} after {@link ProcessScan}): network namespaces that
 * only an open descriptor or a socket keeps alive.
 */
class FdScanIT {

    @BeforeAll
    static void prepare() {
        StageHarness.prepare();
    }

    @Test
    void netnsHeldOnlyByAnNsfsFdIsFoundWithItsHolder() throws Exception {
        Spawned creator = Spawned.start("unshare", "--net", "sleep", "300");
        Spawned holder = null;
        try {
            int inNs = creator.awaitProcess("sleep");
            NamespaceId net = StageHarness.namespaceOf(inNs, NamespaceType.NET);
            holder = Spawned.start("sh", "-c", "exec sleep 300 3</proc/" + inNs + "/ns/net");
            int sleep = holder.awaitProcess("sleep");
            creator.close(); // from now on only fd 3 of the holder keeps the namespace
            Path fd3 = Path.of("/proc", Integer.toString(sleep), "fd", "3");
            assertThat(StageHarness.link(fd3)).isEqualTo(net);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(builder.namespaces).as("no process is in it").doesNotContainKey(net);

                new FdScan(PROC, builder, true, false).run();

                NamespaceDraft draft = builder.namespaces.get(net);
                assertThat(draft).as("%s held by fd 3 of %d", net, sleep).isNotNull();
                assertThat(draft.sources).containsExactly(Source.FD);
                assertThat(draft.fdRefs).containsExactly(new FdRef(sleep, 3));
                assertThat(draft.socketRefs).isEmpty();
                assertThat(draft.handles).containsExactly(new NamespaceDraft.Handle(fd3, true));
                assertOpensAs(draft, net);
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);

            ResultBuilder withoutFds = StageHarness.processes();
            try {
                new FdScan(PROC, withoutFds, false, true).run();
                assertThat(withoutFds.namespaces).as("fds off").doesNotContainKey(net);
            } finally {
                withoutFds.closeHeldDescriptors();
            }
        } finally {
            creator.close();
            if (holder != null) {
                holder.close();
            }
        }
    }

    /**
     * An fd opened through a bind mount links to the mount's path, not to {@code net:[...]}; once
     * the mount is detached it links to "/". Both are identified on nsfs.
     */
    @Test
    void fdOpenedThroughABindMountIsIdentifiedByItsPathAndAfterTheUnmount() throws Exception {
        Spawned holder = null;
        try (BoundNetns bound = BoundNetns.create("lxkns-fdscan")) {
            Path file = bound.file;
            NamespaceId net = bound.id();
            holder = Spawned.start("sh", "-c", "exec sleep 300 3<" + file);
            int sleep = holder.awaitProcess("sleep");
            Path fd3 = Path.of("/proc", Integer.toString(sleep), "fd", "3");
            assertThat(Files.readSymbolicLink(fd3).toString()).isEqualTo(file.toString());

            assertFoundThroughFd(net, sleep, fd3);

            bound.unmount();
            assertThat(Files.readSymbolicLink(fd3).toString()).isEqualTo("/");

            assertFoundThroughFd(net, sleep, fd3);
        } finally {
            if (holder != null) {
                holder.close();
            }
        }
    }

    private static void assertFoundThroughFd(NamespaceId net, int pid, Path fd) throws Exception {
        Map<Integer, String> before = StageHarness.openFds();
        ResultBuilder builder = StageHarness.processes();
        try {
            new FdScan(PROC, builder, true, false).run();

            NamespaceDraft draft = builder.namespaces.get(net);
            assertThat(draft).as("%s held by %s -> %s", net, fd, Files.readSymbolicLink(fd)).isNotNull();
            assertThat(draft.sources).containsExactly(Source.FD);
            assertThat(draft.fdRefs).containsExactly(new FdRef(pid, 3));
            assertOpensAs(draft, net);
        } finally {
            builder.closeHeldDescriptors();
        }
        StageHarness.assertNoDescriptorLeft(before);
    }

    @Test
    void socketHeldNetnsIsFoundOnlyWithSocketsOn() throws Exception {
        Set<Integer> fdsBefore = StageHarness.openFds().keySet();
        AtomicReference<NamespaceId> created = new AtomicReference<>();
        try (DatagramChannel socket = socketInNewNamespace(created)) {
            NamespaceId net = created.get();
            Set<Integer> socketFds = new HashSet<>(StageHarness.openFds().keySet());
            socketFds.removeAll(fdsBefore);
            assertThat(socketFds).as("the socket's descriptor").hasSize(1);
            int socketFd = socketFds.iterator().next();
            assertThat(StageHarness.descriptorsOf(net)).as("nothing of ours refers to the namespace").isZero();

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder withoutSockets = StageHarness.processes();
            try {
                new FdScan(PROC, withoutSockets, true, false).run();
                assertThat(withoutSockets.namespaces).as("sockets off").doesNotContainKey(net);
            } finally {
                withoutSockets.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);

            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(builder.namespaces).doesNotContainKey(net);

                new FdScan(PROC, builder, false, true).run();

                NamespaceDraft draft = builder.namespaces.get(net);
                assertThat(draft).as("%s of our socket fd %d", net, socketFd).isNotNull();
                assertThat(draft.sources).containsExactly(Source.SOCKET);
                assertThat(draft.socketRefs).containsExactly(new FdRef(SELF, socketFd));
                assertThat(draft.fdRefs).isEmpty();
                assertThat(draft.handles).as("a socket's namespace has no path").isEmpty();
                assertThat(draft.unreachable()).as("a descriptor is kept for the relation stage").isFalse();
                assertThat(StageHarness.descriptorsOf(net)).as("descriptors of %s held for later stages", net)
                        .isEqualTo(1);
            } finally {
                builder.closeHeldDescriptors();
            }
            assertThat(StageHarness.descriptorsOf(net)).as("descriptors of %s after closeHeldDescriptors", net).isZero();
            StageHarness.assertNoDescriptorLeft(before);
        }
    }

    /** Opens the draft's namespace as a later stage would and checks it is {@code id}. */
    private static void assertOpensAs(NamespaceDraft draft, NamespaceId id) throws Exception {
        int fd = draft.open();
        try {
            assertThat(Nsfs.identify(fd)).contains(id);
        } finally {
            Nsfs.close(fd);
        }
    }

    /**
     * A socket made in a new network namespace by a thread that then ends, so that nothing but the
     * socket keeps the namespace; {@code created} gets the namespace's id.
     */
    private static DatagramChannel socketInNewNamespace(AtomicReference<NamespaceId> created) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Nsfs.unshare(NamespaceType.NET.cloneFlag());
                created.set(StageHarness.link(Path.of("/proc/thread-self/ns/net")));
                outcome.set(DatagramChannel.open());
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "fdscan-socket-maker");
        thread.start();
        thread.join();
        if (outcome.get() instanceof DatagramChannel channel) {
            return channel;
        }
        throw new IllegalStateException("cannot create a socket in a new network namespace", (Throwable) outcome.get());
    }
}
