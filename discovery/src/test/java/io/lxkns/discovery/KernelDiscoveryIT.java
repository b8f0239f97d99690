package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Spawned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each test makes the namespaces it checks with unshare(1) or unshare(2) and removes them again. */
class KernelDiscoveryIT {

    @BeforeAll
    static void root() {
        Root.require();
    }

    @Test
    void initialNamespacesAreThoseOfKthreadd() {
        DiscoveryResult result = Discovery.discover();
        ProcessInfo kthreadd = result.process(2).orElseThrow();
        assertThat(kthreadd.comm()).isEqualTo("kthreadd");
        assertThat(result.initial()).hasSize(NamespaceType.values().length).isEqualTo(kthreadd.namespaces());
        for (NamespaceId id : result.initial().values()) {
            Namespace ns = result.namespace(id).orElseThrow();
            assertThat(ns.initial()).isTrue();
            assertThat(ns.sources()).contains(Source.PROC);
            assertThat(ns.dev()).isPositive();
        }
        Namespace initialUser = result.namespace(result.initial().get(NamespaceType.USER)).orElseThrow();
        assertThat(initialUser.parent()).isNull();
        assertThat(initialUser.ownerUid()).isZero();
        assertThat(result.node().bootId()).matches("[0-9a-f-]{36}");
        assertThat(result.node().kernel()).isNotBlank();
    }

    @Test
    void threadInItsOwnUtsNamespaceIsALooseThread() throws Exception {
        try (UnsharingThread thread = UnsharingThread.start(NamespaceType.UTS.cloneFlag())) {
            int tid = thread.tid;
            NamespaceId threadUts = NamespaceId.parse(Files.readSymbolicLink(
                    Path.of("/proc/self/task/" + tid + "/ns/uts")).toString()).orElseThrow();

            DiscoveryResult result = Discovery.discover();

            Namespace uts = result.namespace(threadUts).orElseThrow();
            assertThat(uts.initial()).isFalse();
            assertThat(uts.sources()).contains(Source.TASK).doesNotContain(Source.PROC);
            assertThat(uts.looseThreads()).containsExactly(tid);
            assertThat(uts.processCount()).isZero();
            assertThat(uts.owner()).isEqualTo(result.initial().get(NamespaceType.USER));

            DiscoveryResult withoutTasks = Discovery.discover(DiscoveryOptions.full().without(Stage.TASKS));
            assertThat(withoutTasks.namespace(threadUts)).isEmpty();
        }
    }

    @Test
    void intermediateUserNamespaceWithoutProcessIsFoundThroughTheHierarchy() {
        try (Spawned spawned = Spawned.start("unshare", "-U", "-r", "unshare", "-U", "-r", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            NamespaceId initialUser = result.initial().get(NamespaceType.USER);
            Namespace inner = result.namespace(result.process(sleep).orElseThrow().namespace(NamespaceType.USER))
                    .orElseThrow();
            assertThat(inner.sources()).contains(Source.PROC);
            assertThat(inner.processCount()).isEqualTo(1);
            assertThat(inner.leaders()).containsExactly(sleep);
            assertThat(inner.ownerUid()).isZero();

            Namespace intermediate = result.namespace(inner.parent()).orElseThrow();
            assertThat(intermediate.id()).isNotEqualTo(initialUser);
            assertThat(intermediate.sources()).containsExactly(Source.HIERARCHY);
            assertThat(intermediate.processCount()).isZero();
            assertThat(intermediate.ownerUid()).isZero();
            assertThat(intermediate.parent()).isEqualTo(initialUser);

            DiscoveryResult flat = Discovery.discover(DiscoveryOptions.full().without(Stage.HIERARCHY, Stage.OWNERSHIP));
            assertThat(flat.namespace(intermediate.id())).isEmpty();
            assertThat(flat.namespace(inner.id()).orElseThrow().parent()).isNull();
        }
    }

    @Test
    void netNamespaceIsOwnedByTheChildUserNamespaceThatCreatedIt() {
        try (Spawned spawned = Spawned.start("unshare", "--user", "--map-root-user", "--net", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            ProcessInfo process = result.process(sleep).orElseThrow();
            NamespaceId user = process.namespace(NamespaceType.USER);
            assertThat(user).isNotEqualTo(result.initial().get(NamespaceType.USER));
            Namespace net = result.namespace(process.namespace(NamespaceType.NET)).orElseThrow();
            assertThat(net.initial()).isFalse();
            assertThat(net.owner()).isEqualTo(user);
            assertThat(net.parent()).isNull();
            // Not unshared: still the host's, owned by the initial user namespace.
            Namespace uts = result.namespace(process.namespace(NamespaceType.UTS)).orElseThrow();
            assertThat(uts.initial()).isTrue();
            assertThat(uts.owner()).isEqualTo(result.initial().get(NamespaceType.USER));
        }
    }

    @Test
    void nestedPidNamespacesFormAParentChain() {
        try (Spawned spawned = Spawned.start("unshare", "--pid", "--fork", "unshare", "--pid", "--fork", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            Namespace inner = result.namespace(result.process(sleep).orElseThrow().namespace(NamespaceType.PID))
                    .orElseThrow();
            Namespace middle = result.namespace(inner.parent()).orElseThrow();
            assertThat(middle.initial()).isFalse();
            assertThat(middle.parent()).isEqualTo(result.initial().get(NamespaceType.PID));
            assertThat(inner.leaders()).containsExactly(sleep);
            // The middle unshare forked sleep and waits for it: it is the middle namespace's leader.
            int middleUnshare = result.process(sleep).orElseThrow().ppid();
            assertThat(middle.leaders()).containsExactly(middleUnshare);
            assertThat(inner.owner()).isEqualTo(result.initial().get(NamespaceType.USER));
        }
    }

    @Test
    void timeAndCgroupNamespaces() {
        try (Spawned spawned = Spawned.start("unshare", "--time", "--cgroup", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            ProcessInfo process = result.process(sleep).orElseThrow();
            for (NamespaceType type : Set.of(NamespaceType.TIME, NamespaceType.CGROUP)) {
                Namespace ns = result.namespace(process.namespace(type)).orElseThrow();
                assertThat(ns.type()).isEqualTo(type);
                assertThat(ns.initial()).as(type + " initial").isFalse();
                assertThat(ns.leaders()).containsExactly(sleep);
                assertThat(ns.owner()).isEqualTo(result.initial().get(NamespaceType.USER));
            }
        }
    }
}
