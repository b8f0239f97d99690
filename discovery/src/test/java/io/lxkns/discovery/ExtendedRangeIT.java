package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Netns;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import io.lxkns.discovery.testing.Spawned;
import io.lxkns.discovery.testing.TestCgroup;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where lsns does not look: bind mounts in every mount namespace, fds, sockets; PIDs and cgroups. */
class ExtendedRangeIT {

    @BeforeAll
    static void root() {
        Root.require();
    }

    @Test
    void netnsBindMountedInTheHostMountNamespace() {
        String name = Sh.uniqueName("lxkns-test");
        Sh.run("ip", "netns", "add", name);
        try {
            DiscoveryResult result = Discovery.discover();

            Namespace net = withBindMount(result, "/run/netns/" + name).orElseThrow();
            assertThat(net.type()).isEqualTo(NamespaceType.NET);
            assertThat(net.sources()).contains(Source.BINDMOUNT).doesNotContain(Source.PROC);
            assertThat(net.bindMounts()).contains(new BindMount("/run/netns/" + name, result.initial().get(NamespaceType.MNT)));
            assertThat(net.processCount()).isZero();
            assertThat(net.owner()).isEqualTo(result.initial().get(NamespaceType.USER));

            DiscoveryResult without = Discovery.discover(DiscoveryOptions.full().without(Stage.BIND_MOUNTS));
            assertThat(without.namespace(net.id())).isEmpty();
        } finally {
            Sh.run("ip", "netns", "delete", name);
        }
    }

    @Test
    void netnsBindMountedOnlyInsideAnotherProcessesPrivateMountNamespace() throws Exception {
        Path dir = Files.createTempDirectory("lxkns-private");
        try (Spawned spawned = Spawned.start("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none " + dir + " && touch " + dir + "/ns && unshare --net=" + dir + "/ns true"
                        + " && exec sleep 300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            NamespaceId privateMnt = result.process(sleep).orElseThrow().namespace(NamespaceType.MNT);
            assertThat(privateMnt).isNotEqualTo(result.initial().get(NamespaceType.MNT));
            Namespace net = withBindMount(result, dir + "/ns").orElseThrow();
            assertThat(net.bindMounts()).containsExactly(new BindMount(dir + "/ns", privateMnt));
            assertThat(net.sources()).containsExactly(Source.BINDMOUNT);
            assertThat(net.owner()).as("relations read through /proc/PID/root").isNotNull();
            assertThat(result.namespace(privateMnt).orElseThrow().mountCount()).isPositive();
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void processLessMountNamespaceIsEnteredAndItsOwnBindMountsFound() throws Exception {
        try (ProcessLessMountNamespace mnt = ProcessLessMountNamespace.create()) {
            DiscoveryResult result = Discovery.discover();

            Namespace mountNs = withBindMount(result, mnt.file.toString()).orElseThrow();
            assertThat(mountNs.type()).isEqualTo(NamespaceType.MNT);
            assertThat(mountNs.sources()).containsExactly(Source.BINDMOUNT);
            assertThat(mountNs.processCount()).isZero();
            assertThat(mountNs.mountCount()).isPositive();
            assertThat(mountNs.owner()).isEqualTo(result.initial().get(NamespaceType.USER));

            Namespace inner = withBindMount(result, mnt.innerNetns.toString()).orElseThrow();
            assertThat(inner.type()).isEqualTo(NamespaceType.NET);
            assertThat(inner.bindMounts()).containsExactly(new BindMount(mnt.innerNetns.toString(), mountNs.id()));
            assertThat(inner.owner()).as("relations read through the parked thread's descriptor").isNotNull();
        }
    }

    @Test
    void netnsHeldOnlyByAnOpenFd() {
        String name = Sh.uniqueName("lxkns-fd");
        Sh.run("ip", "netns", "add", name);
        Spawned holder = null;
        try {
            holder = Spawned.start("sh", "-c", "exec sleep 300 3</run/netns/" + name);
            int sleep = holder.awaitProcess("sleep");
            Sh.run("ip", "netns", "delete", name); // now only fd 3 of sleep holds it

            DiscoveryResult result = Discovery.discover();

            Namespace net = result.namespaces().values().stream()
                    .filter(ns -> ns.fdRefs().contains(new FdRef(sleep, 3)))
                    .findFirst().orElseThrow();
            assertThat(net.type()).isEqualTo(NamespaceType.NET);
            assertThat(net.sources()).containsExactly(Source.FD);
            assertThat(net.bindMounts()).isEmpty();
            assertThat(net.processCount()).isZero();
            assertThat(net.owner()).isEqualTo(result.initial().get(NamespaceType.USER));

            DiscoveryResult without = Discovery.discover(DiscoveryOptions.full().without(Stage.FDS));
            assertThat(without.namespace(net.id())).isEmpty();
        } finally {
            if (holder != null) {
                holder.close();
            }
        }
    }

    @Test
    void netnsHeldOnlyByASocket() throws Exception {
        int self = (int) ProcessHandle.current().pid();
        try (DatagramChannel socket = Netns.socketInNewNamespace()) {
            DiscoveryResult result = Discovery.discover();

            List<Namespace> socketHeld = result.namespaces().values().stream()
                    .filter(ns -> ns.socketRefs().stream().anyMatch(ref -> ref.pid() == self))
                    .toList();
            assertThat(socketHeld).hasSize(1);
            Namespace net = socketHeld.get(0);
            assertThat(net.type()).isEqualTo(NamespaceType.NET);
            assertThat(net.sources()).containsExactly(Source.SOCKET);
            assertThat(net.processCount()).isZero();
            assertThat(net.bindMounts()).isEmpty();
            assertThat(net.fdRefs()).isEmpty();
            FdRef ref = net.socketRefs().get(0);
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + ref.fd())).toString()).startsWith("socket:[");
            assertThat(net.owner()).as("relations read through the SIOCGSKNS descriptor")
                    .isEqualTo(result.initial().get(NamespaceType.USER));

            DiscoveryResult without = Discovery.discover(DiscoveryOptions.full().without(Stage.SOCKETS));
            assertThat(without.namespace(net.id())).isEmpty();
        }
    }

    @Test
    void nestedPidNamespacesTranslatePids() {
        try (Spawned spawned = Spawned.start("unshare", "--pid", "--fork", "unshare", "--pid", "--fork", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            DiscoveryResult result = Discovery.discover();

            ProcessInfo process = result.process(sleep).orElseThrow();
            assertThat(process.nspids()).hasSize(3).startsWith(sleep).endsWith(1);
            ProcessInfo middle = result.process(process.ppid()).orElseThrow();
            assertThat(middle.nspids()).containsExactly(middle.pid(), 1);
            assertThat(process.nspids().get(1)).as("sleep's PID in the middle namespace").isGreaterThan(1);
            assertThat(result.process(2).orElseThrow().nspids()).containsExactly(2);
        }
    }

    @Test
    void cgroupPathAndFrozenState() {
        String name = Sh.uniqueName("lxkns-test");
        int sleep;
        DiscoveryResult result;
        try (TestCgroup cgroup = new TestCgroup(name)) {
            try (Spawned spawned = Spawned.start("sleep", "300")) {
                sleep = spawned.awaitProcess("sleep");
                cgroup.add(sleep);
                cgroup.freeze();

                result = Discovery.discover();

                cgroup.thaw();
            }
            ProcessInfo frozen = result.process(sleep).orElseThrow();
            assertThat(frozen.cgroup()).isEqualTo(cgroup.path());
            assertThat(frozen.frozen()).isTrue();
            ProcessInfo self = result.process((int) ProcessHandle.current().pid()).orElseThrow();
            assertThat(self.cgroup()).isNotNull().isNotEqualTo(cgroup.path());
            assertThat(self.frozen()).isFalse();
        }
    }

    private static Optional<Namespace> withBindMount(DiscoveryResult result, String path) {
        return result.namespaces().values().stream()
                .filter(ns -> ns.bindMounts().stream().anyMatch(mount -> mount.path().equals(path)))
                .findFirst();
    }
}
