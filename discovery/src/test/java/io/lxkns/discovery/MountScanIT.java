package io.lxkns.discovery;

import static io.lxkns.discovery.StageHarness.PROC;
import static io.lxkns.discovery.StageHarness.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Sh;
import io.lxkns.discovery.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bind mount stage alone ({@link MountScan} after {@link ProcessScan}, or after {@link FdScan}
 * where that finds the mount namespace to read): nsfs bind mounts in our mount namespace and in
 * mount namespaces no process is in.
 */
class MountScanIT {

    @BeforeAll
    static void prepare() {
        StageHarness.prepare();
    }

    @Test
    void netnsBindMountedOnAFileInOurMountNamespaceIsFoundWithItsPath() throws Exception {
        try (BoundNetns bound = BoundNetns.create("lxkns-mountscan")) {
            Path file = bound.file;
            NamespaceId net = bound.id();
            NamespaceId ownMnt = StageHarness.namespaceOf(SELF, NamespaceType.MNT);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(builder.namespaces).as("no process is in it").doesNotContainKey(net);
                assertThat(builder.namespaces.get(ownMnt).mountCount).isNull();

                new MountScan(PROC, builder).run();

                NamespaceDraft draft = builder.namespaces.get(net);
                assertThat(draft).as("%s bind-mounted on %s", net, file).isNotNull();
                assertThat(draft.sources).containsExactly(Source.BINDMOUNT);
                // Where / is a shared mount the bind mount propagates to peers: ours is one of them.
                assertThat(draft.bindMounts).contains(new BindMount(file.toString(), ownMnt));
                assertThat(draft.handles).extracting(NamespaceDraft.Handle::path).as("paths through a process of our mount namespace").isNotEmpty()
                        .allMatch(handle -> handle.startsWith("/proc") && handle.endsWith(file.toString().substring(1)));
                assertOpensAs(draft, net);
                assertThat(builder.namespaces.get(ownMnt).mountCount).as("mounts of our mount namespace").isPositive();
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        }
    }

    @Test
    void bindMountInsideAProcessLessMountNamespaceIsFound() throws Exception {
        try (ProcessLessMountNamespace mnt = ProcessLessMountNamespace.create()) {
            NamespaceId mntId = StageHarness.boundAt(mnt.file, NamespaceType.MNT);
            // The inner netns is only visible inside the process-less mount namespace.
            NamespaceId inner = new NamespaceId(NamespaceType.NET, Long.parseLong(Sh.run("nsenter", "--mount=" + mnt.file,
                    "stat", "-L", "-c", "%i", mnt.innerNetns.toString()).strip()));
            NamespaceId ownMnt = StageHarness.namespaceOf(SELF, NamespaceType.MNT);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(builder.namespaces).doesNotContainKeys(mntId, inner);

                new MountScan(PROC, builder).run();

                NamespaceDraft mntDraft = builder.namespaces.get(mntId);
                assertThat(mntDraft).as("%s bind-mounted on %s", mntId, mnt.file).isNotNull();
                assertThat(mntDraft.sources).containsExactly(Source.BINDMOUNT);
                assertThat(mntDraft.bindMounts).contains(new BindMount(mnt.file.toString(), ownMnt));
                assertThat(mntDraft.mountCount).as("read by a thread that entered it").isPositive();

                NamespaceDraft innerDraft = builder.namespaces.get(inner);
                assertThat(innerDraft).as("%s bind-mounted on %s inside %s", inner, mnt.innerNetns, mntId).isNotNull();
                assertThat(innerDraft.sources).containsExactly(Source.BINDMOUNT);
                assertThat(innerDraft.bindMounts).containsExactly(new BindMount(mnt.innerNetns.toString(), mntId));
                assertThat(innerDraft.handles).as("no path outlives the thread that entered").isEmpty();
                assertThat(innerDraft.unreachable()).as("a descriptor is kept for the relation stage").isFalse();
                assertThat(StageHarness.descriptorsOf(inner)).as("descriptors of %s held", inner).isEqualTo(1);
                assertThat(StageHarness.descriptorsOf(mntId)).as("descriptors of %s, which has a path", mntId).isZero();
                assertThat(Thread.getAllStackTraces().keySet()).as("threads parked in a mount namespace")
                        .noneMatch(thread -> thread.getName().startsWith("lxkns-mntns"));
            } finally {
                builder.closeHeldDescriptors();
            }
            assertThat(StageHarness.descriptorsOf(inner)).as("descriptors of %s after closeHeldDescriptors", inner).isZero();
            StageHarness.assertNoDescriptorLeft(before);
        }
    }

    /**
     * A mount namespace that only an open fd keeps (its last process exited) is found by the fd
     * stage, entered by the bind mount stage, and a netns bind-mounted only inside it is found.
     */
    @Test
    void mountNamespaceHeldOnlyByAnFdIsEnteredAndItsBindMountsFound() throws Exception {
        Path dir = Files.createTempDirectory("lxkns-mountscan-private");
        Spawned creator = Spawned.start("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none " + dir + " && touch " + dir + "/ns && unshare --net=" + dir + "/ns true"
                        + " && exec sleep 300");
        Spawned holder = null;
        try {
            int inMnt = creator.awaitProcess("sleep");
            NamespaceId mntId = StageHarness.namespaceOf(inMnt, NamespaceType.MNT);
            NamespaceId inner = new NamespaceId(NamespaceType.NET, Long.parseLong(Sh.run("nsenter", "--mount",
                    "--target", Integer.toString(inMnt), "stat", "-L", "-c", "%i", dir + "/ns").strip()));
            holder = Spawned.start("sh", "-c", "exec sleep 300 3</proc/" + inMnt + "/ns/mnt");
            int sleep = holder.awaitProcess("sleep");
            creator.close(); // from now on only fd 3 of the holder keeps the mount namespace

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(builder.namespaces).doesNotContainKeys(mntId, inner);
                new FdScan(PROC, builder, true, false).run();
                assertThat(builder.namespaces.get(mntId).sources).containsExactly(Source.FD);
                assertThat(builder.namespaces).doesNotContainKey(inner);

                new MountScan(PROC, builder).run();

                assertThat(builder.namespaces.get(mntId).mountCount).as("read by a thread that entered it").isPositive();
                NamespaceDraft innerDraft = builder.namespaces.get(inner);
                assertThat(innerDraft).as("%s bind-mounted inside %s, held by fd 3 of %d", inner, mntId, sleep).isNotNull();
                assertThat(innerDraft.sources).containsExactly(Source.BINDMOUNT);
                assertThat(innerDraft.bindMounts).containsExactly(new BindMount(dir + "/ns", mntId));
                assertThat(innerDraft.unreachable()).isFalse();
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        } finally {
            creator.close();
            if (holder != null) {
                holder.close();
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void assertOpensAs(NamespaceDraft draft, NamespaceId id) throws Exception {
        int fd = draft.open();
        try {
            assertThat(Nsfs.identify(fd)).contains(id);
        } finally {
            Nsfs.close(fd);
        }
    }
}
