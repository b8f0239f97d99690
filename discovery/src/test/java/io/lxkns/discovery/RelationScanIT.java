package io.lxkns.discovery;

import static io.lxkns.discovery.StageHarness.PROC;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Spawned;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hierarchy and ownership stage alone ({@link RelationScan} after {@link ProcessScan}, or
 * after {@link FdScan} where that finds the namespace to ask): parents, owners and creators, also of
 * user namespaces no process is in.
 */
class RelationScanIT {

    @BeforeAll
    static void prepare() {
        StageHarness.prepare();
    }

    @Test
    void intermediateUserNamespaceWithoutProcessIsFoundThroughTheHierarchy() throws Exception {
        try (Spawned spawned = Spawned.start("unshare", "-U", "-r", "unshare", "-U", "-r", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");
            NamespaceId innerUser = StageHarness.namespaceOf(sleep, NamespaceType.USER);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            NamespaceId initialUser = builder.initialNamespaces().get(NamespaceType.USER);
            NamespaceId intermediate;
            try {
                assertThat(builder.namespaces.get(innerUser).parent).isNull();

                new RelationScan(builder, true, true).run();

                NamespaceDraft inner = builder.namespaces.get(innerUser);
                intermediate = inner.parent;
                assertThat(intermediate).as("parent of %s", innerUser).isNotNull()
                        .isNotEqualTo(initialUser).isNotEqualTo(innerUser);
                assertThat(inner.sources).containsExactly(Source.PROC);
                assertThat(inner.ownerUid).as("created by root").isZero();
                assertThat(inner.owner).as("a user namespace's owner is its parent, kept as parent").isNull();

                NamespaceDraft middle = builder.namespaces.get(intermediate);
                assertThat(middle.sources).containsExactly(Source.HIERARCHY);
                assertThat(middle.handles).isEmpty();
                assertThat(middle.parent).isEqualTo(initialUser);
                assertThat(middle.ownerUid).as("queried through the descriptor NS_GET_PARENT gave").isZero();
                assertThat(builder.namespaces.get(initialUser).parent).as("the initial user namespace").isNull();
                assertThat(StageHarness.descriptorsOf(intermediate)).as("descriptor of %s used up", intermediate).isZero();
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);

            ResultBuilder flat = StageHarness.processes();
            try {
                new RelationScan(flat, false, true).run();
                assertThat(flat.namespaces).as("hierarchy off").doesNotContainKey(intermediate);
                assertThat(flat.namespaces.get(innerUser).parent).isNull();
                assertThat(flat.namespaces.get(innerUser).ownerUid).isZero();
            } finally {
                flat.closeHeldDescriptors();
            }
        }
    }

    @Test
    void netNamespaceIsOwnedByTheUserNamespaceThatCreatedIt() throws Exception {
        try (Spawned spawned = Spawned.start("unshare", "--user", "--map-root-user", "--net", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");
            NamespaceId user = StageHarness.namespaceOf(sleep, NamespaceType.USER);
            NamespaceId net = StageHarness.namespaceOf(sleep, NamespaceType.NET);
            NamespaceId uts = StageHarness.namespaceOf(sleep, NamespaceType.UTS);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                NamespaceId initialUser = builder.initialNamespaces().get(NamespaceType.USER);
                assertThat(user).isNotEqualTo(initialUser);
                assertThat(uts).as("not unshared").isEqualTo(builder.initialNamespaces().get(NamespaceType.UTS));
                assertThat(builder.namespaces.get(net).owner).isNull();

                new RelationScan(builder, true, true).run();

                NamespaceDraft netDraft = builder.namespaces.get(net);
                assertThat(netDraft.owner).as("owner of %s", net).isEqualTo(user);
                assertThat(netDraft.parent).as("network namespaces have no parent").isNull();
                assertThat(builder.namespaces.get(uts).owner).as("owner of the host's UTS namespace").isEqualTo(initialUser);
                assertThat(builder.namespaces.get(user).parent).isEqualTo(initialUser);
                assertThat(builder.namespaces.get(user).ownerUid).isZero();
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);

            ResultBuilder withoutOwnership = StageHarness.processes();
            try {
                new RelationScan(withoutOwnership, true, false).run();
                assertThat(withoutOwnership.namespaces.get(net).owner).as("ownership off").isNull();
                assertThat(withoutOwnership.namespaces.get(user).ownerUid).isNull();
                assertThat(withoutOwnership.namespaces.get(user).parent).as("hierarchy still on")
                        .isEqualTo(withoutOwnership.initialNamespaces().get(NamespaceType.USER));
            } finally {
                withoutOwnership.closeHeldDescriptors();
            }
        }
    }

    /**
     * A user namespace reachable only as the owner of a netns that only an fd keeps: the fd stage
     * finds the netns, the relation stage its owner, which it then asks through the descriptor
     * NS_GET_USERNS gave.
     */
    @Test
    void ownerOfAnFdHeldNetnsIsFoundThroughTheRelation() throws Exception {
        Spawned creator = Spawned.start("unshare", "--user", "--map-root-user", "--net", "sleep", "300");
        Spawned holder = null;
        try {
            int inNs = creator.awaitProcess("sleep");
            NamespaceId user = StageHarness.namespaceOf(inNs, NamespaceType.USER);
            NamespaceId net = StageHarness.namespaceOf(inNs, NamespaceType.NET);
            holder = Spawned.start("sh", "-c", "exec sleep 300 3</proc/" + inNs + "/ns/net");
            int sleep = holder.awaitProcess("sleep");
            creator.close(); // only the netns, held by fd 3 of the holder, keeps the user namespace
            assertThat(StageHarness.link(Path.of("/proc", Integer.toString(sleep), "fd", "3"))).isEqualTo(net);

            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                NamespaceId initialUser = builder.initialNamespaces().get(NamespaceType.USER);
                new FdScan(PROC, builder, true, false).run();
                assertThat(builder.namespaces).containsKey(net).doesNotContainKey(user);

                new RelationScan(builder, true, true).run();

                assertThat(builder.namespaces.get(net).owner).isEqualTo(user);
                NamespaceDraft owner = builder.namespaces.get(user);
                assertThat(owner).as("owner %s of %s", user, net).isNotNull();
                assertThat(owner.sources).containsExactly(Source.HIERARCHY);
                assertThat(owner.parent).isEqualTo(initialUser);
                assertThat(owner.ownerUid).isZero();
                assertThat(StageHarness.descriptorsOf(user)).as("descriptor of %s used up", user).isZero();
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        } finally {
            creator.close();
            if (holder != null) {
                holder.close();
            }
        }
    }
}
