package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lxkns.agent.engines.cri.api.GetEventsRequest;
import io.lxkns.agent.engines.cri.api.IDMapping;
import io.lxkns.agent.engines.cri.api.NamespaceMode;
import io.lxkns.agent.engines.cri.api.NamespaceOption;
import io.lxkns.agent.engines.cri.api.PodSandboxState;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusResponse;
import io.lxkns.agent.engines.cri.api.UserNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRI test infrastructure itself: pods made through containerd's CRI as the kubelet makes them
 * get the namespaces they ask for, name their processes in the verbose status, and go without a
 * trace. With {@code LXKNS_CRI_SAMPLES} set to a directory, the verbose JSON of a sandbox and a
 * container is saved there (samples for parser tests).
 */
class PrivateCriIT {
    private static PrivateCri cri;
    private static CriPods pods;

    @BeforeAll
    static void start() throws IOException {
        long started = System.nanoTime();
        cri = new PrivateCri("cri");
        pods = cri.pods();
        System.out.printf("private CRI up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() throws IOException {
        if (cri == null) {
            return;
        }
        cri.close();
        assertThat(Path.of("/sys/class/net", cri.bridge())).as("the pods' bridge").doesNotExist();
        assertThat(Path.of("/sys/fs/cgroup/memory", cri.cgroupParent())).as("the pods' cgroups (v1)").doesNotExist();
        assertThat(Path.of("/sys/fs/cgroup", cri.cgroupParent())).as("the pods' cgroups (v2)").doesNotExist();
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void podsOfEveryShapeGetTheNamespacesTheKubeletAsksFor() throws IOException {
        Map<String, NamespaceOption> sandboxes = new LinkedHashMap<>();
        try {
            String plain = run(sandboxes, "plain", CriPods.defaultPod());
            String plainApp = pods.runContainer(plain, "app");
            String hostNet = run(sandboxes, "host-net", CriPods.hostNetwork());
            String hostNetApp = pods.runContainer(hostNet, "app");
            String hostPid = run(sandboxes, "host-pid", CriPods.hostPid());
            String hostPidApp = pods.runContainer(hostPid, "app");
            String hostIpc = run(sandboxes, "host-ipc", CriPods.hostIpc());
            String shared = run(sandboxes, "shared-pid", CriPods.sharedPid());
            String sharedA = pods.runContainer(shared, "a");
            String sharedB = pods.runContainer(shared, "b");

            int plainPid = pods.sandboxPid(plain);
            int plainAppPid = pods.containerPid(plainApp);
            assertThat(plainPid).isPositive();
            assertThat(plainAppPid).isPositive().isNotEqualTo(plainPid);
            assertThat(ns(plainPid, "net")).isNotEqualTo(host("net"));
            assertThat(ns(plainAppPid, "net")).isEqualTo(ns(plainPid, "net"));
            assertThat(ns(plainAppPid, "ipc")).isEqualTo(ns(plainPid, "ipc")).isNotEqualTo(host("ipc"));
            assertThat(ns(plainAppPid, "uts")).isEqualTo(ns(plainPid, "uts")).isNotEqualTo(host("uts"));
            assertThat(ns(plainAppPid, "pid")).as("PID CONTAINER: a PID namespace of its own")
                    .isNotEqualTo(ns(plainPid, "pid")).isNotEqualTo(host("pid"));
            assertThat(pods.netnsPath(plain)).hasValueSatisfying(path -> assertThat(path).exists());

            int hostNetPid = pods.sandboxPid(hostNet);
            assertThat(ns(hostNetPid, "net")).isEqualTo(host("net"));
            assertThat(ns(pods.containerPid(hostNetApp), "net")).isEqualTo(host("net"));
            assertThat(ns(hostNetPid, "uts")).as("the node's host name").isEqualTo(host("uts"));
            assertThat(pods.netnsPath(hostNet)).isEmpty();

            assertThat(ns(pods.sandboxPid(hostPid), "pid")).isEqualTo(host("pid"));
            assertThat(ns(pods.containerPid(hostPidApp), "pid")).isEqualTo(host("pid"));
            assertThat(ns(pods.sandboxPid(hostPid), "net")).isNotEqualTo(host("net"));

            assertThat(ns(pods.sandboxPid(hostIpc), "ipc")).isEqualTo(host("ipc"));

            int sharedPid = pods.sandboxPid(shared);
            assertThat(ns(sharedPid, "pid")).isNotEqualTo(host("pid"));
            assertThat(ns(pods.containerPid(sharedA), "pid")).isEqualTo(ns(sharedPid, "pid"));
            assertThat(ns(pods.containerPid(sharedB), "pid")).isEqualTo(ns(sharedPid, "pid"));

            // The status repeats the options the sandbox was run with.
            for (var sandbox : sandboxes.entrySet()) {
                PodSandboxStatusResponse status = pods.sandboxStatus(sandbox.getKey(), false);
                assertThat(status.getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
                assertThat(status.getStatus().getLinux().getNamespaces().getOptions()).isEqualTo(sandbox.getValue());
            }
            saveSamples(plain, plainApp, hostNet);

            Path netns = pods.netnsPath(plain).orElseThrow();
            for (String id : sandboxes.keySet()) {
                pods.removePod(id);
            }
            assertThat(pods.sandboxIds()).doesNotContainAnyElementsOf(sandboxes.keySet());
            assertThat(netns).as("the pod's network namespace").doesNotExist();
            assertThat(Path.of("/proc", String.valueOf(plainPid))).doesNotExist();
            sandboxes.clear();
        } finally {
            for (String id : sandboxes.keySet()) {
                pods.removePod(id);
            }
        }
    }

    /** containerd 1.6 predates the CRI's container events (Kubernetes 1.26): pollers must poll. */
    @Test
    void containerdOneSixDoesNotStreamContainerEvents() {
        var events = pods.runtime().withDeadlineAfter(5, TimeUnit.SECONDS)
                .getContainerEvents(GetEventsRequest.getDefaultInstance());
        assertThatThrownBy(events::hasNext).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    /**
     * containerd 1.6 knows {@code userns_options} (its verbose config repeats them) but ignores them:
     * the pod runs in the host's user namespace, and the status drops them. User-namespaced pods
     * need containerd 1.7+ (or CRI-O); this test tells when the runtime hack/test.sh installs changes.
     */
    @Test
    void containerdOneSixIgnoresUserNamespaceOptions() throws IOException {
        IDMapping range = IDMapping.newBuilder().setHostId(1_000_000).setContainerId(0).setLength(65536).build();
        NamespaceOption options = CriPods.defaultPod().toBuilder().setUsernsOptions(UserNamespace.newBuilder()
                .setMode(NamespaceMode.POD).addUids(range).addGids(range)).build();
        String id = pods.runPod("shop", "userns", uid(), options);
        try {
            String app = pods.runContainer(id, "app");
            assertThat(ns(pods.sandboxPid(id), "user")).isEqualTo(host("user"));
            assertThat(ns(pods.containerPid(app), "user")).isEqualTo(host("user"));
            assertThat(pods.sandboxStatus(id, false).getStatus().getLinux().getNamespaces().getOptions())
                    .isEqualTo(CriPods.defaultPod());
            JsonNode info = CriPods.info(pods.sandboxStatus(id, true).getInfoMap());
            assertThat(info.at("/runtimeSpec/linux/uidMappings").isMissingNode()).isTrue();
            assertThat(info.at("/config/linux/security_context/namespace_options/userns_options/uids/0/host_id")
                    .asLong()).isEqualTo(1_000_000);
        } finally {
            pods.removePod(id);
        }
    }

    private static String run(Map<String, NamespaceOption> sandboxes, String name, NamespaceOption options) {
        String id = pods.runPod("shop", name, uid(), options);
        sandboxes.put(id, options);
        return id;
    }

    private static void saveSamples(String sandbox, String container, String hostNetwork) throws IOException {
        String dir = System.getenv("LXKNS_CRI_SAMPLES");
        if (dir == null) {
            return;
        }
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, "containerd-sandbox-info.json"),
                CriPods.info(pods.sandboxStatus(sandbox, true).getInfoMap()).toPrettyString() + "\n");
        Files.writeString(Path.of(dir, "containerd-container-info.json"),
                CriPods.info(pods.containerStatus(container, true).getInfoMap()).toPrettyString() + "\n");
        Files.writeString(Path.of(dir, "containerd-sandbox-info-host-network.json"),
                CriPods.info(pods.sandboxStatus(hostNetwork, true).getInfoMap()).toPrettyString() + "\n");
    }

    private static String ns(int pid, String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "ns", type)).toString();
    }

    /**
     * The host's, as the private containerd sees them: this JVM's, which it inherited. (Not PID 1's:
     * on some test machines PID 1 is a supervisor whose /proc/1/ns a forked JVM may not read.)
     */
    private static String host(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns", type)).toString();
    }
}
