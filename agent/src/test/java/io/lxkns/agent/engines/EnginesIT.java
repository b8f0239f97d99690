package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.node.Correlator;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.testing.Sh;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real containers in the private containerd and dockerd, matched to real processes and namespaces. */
@ExtendWith(SharedEngines.class)
class EnginesIT {
    private static final List<String> POD_LABELS = List.of(
            "io.kubernetes.pod.namespace=shop", "io.kubernetes.pod.name=cart", "io.kubernetes.pod.uid=uid-cart");

    private static EngineConfig only(SharedEngines engines) {
        return EngineConfig.only(List.of(engines.containerd().socket()), List.of(engines.docker().socket()));
    }

    private static NodeView view(SharedEngines engines) {
        List<EngineSnapshot> snapshots = Engines.listOnce(only(engines));
        return Correlator.correlate(Discovery.discover(), snapshots);
    }

    @Test
    void dockerContainerIsFoundAndLinkedToItsProcessAndNamespaces(SharedEngines engines) {
        String name = Sh.uniqueName("lxkns-docker");
        String id = engines.docker().docker("run", "-d", "--name", name, "--label", "team=blue",
                PrivateDocker.IMAGE, "/bin/sleep", "600");
        try {
            int pid = engines.docker().pid(name);
            engines.docker().docker("exec", "-d", name, "/bin/sleep", "601");

            NodeView view = view(engines);

            List<Container> matching = view.containers().stream().filter(c -> c.id().equals(id)).toList();
            assertThat(matching).as("once, although containerd's moby namespace has it too").hasSize(1);
            Container container = matching.get(0);
            assertThat(container.engine()).isEqualTo(EngineKind.DOCKER);
            assertThat(container.name()).isEqualTo(name);
            assertThat(container.labels()).containsEntry("team", "blue");
            assertThat(container.pid()).isEqualTo(pid);
            assertThat(container.paused()).isFalse();
            assertThat(container.pod()).isNull();

            ProcessInfo init = view.discovery().process(pid).orElseThrow();
            assertThat(view.containerOfPid()).containsEntry(pid, container);
            NamespaceId net = init.namespace(NamespaceType.NET);
            assertThat(net).isNotEqualTo(view.discovery().initial().get(NamespaceType.NET));
            assertThat(view.containersIn(net)).containsExactly(container);
            ProcessInfo exec = view.discovery().processes().values().stream()
                    .filter(p -> p.comm().equals("sleep") && p.pid() != pid
                            && init.namespace(NamespaceType.PID).equals(p.namespace(NamespaceType.PID)))
                    .findFirst().orElseThrow();
            assertThat(view.containerOfPid()).as("docker exec'd process, a child of the shim")
                    .containsEntry(exec.pid(), container);
        } finally {
            engines.docker().docker("rm", "-f", name);
        }
    }

    @Test
    void sandboxAndAppContainerFormOnePodSharingItsNetworkNamespace(SharedEngines engines) {
        PrivateContainerd containerd = engines.containerd();
        String sandboxId = Sh.uniqueName("sbx");
        String appId = Sh.uniqueName("app");
        try {
            int sandboxPid = containerd.run("k8s.io", sandboxId, withPod("POD", "sandbox"), List.of());
            int appPid = containerd.run("k8s.io", appId, withPod("cart-app", "container"), List.of(
                    "network:/proc/" + sandboxPid + "/ns/net", "ipc:/proc/" + sandboxPid + "/ns/ipc",
                    "uts:/proc/" + sandboxPid + "/ns/uts"));

            NodeView view = view(engines);

            Container sandbox = byId(view, sandboxId);
            Container app = byId(view, appId);
            assertThat(sandbox.engine()).isEqualTo(EngineKind.CONTAINERD);
            assertThat(sandbox.engineNamespace()).isEqualTo("k8s.io");
            assertThat(sandbox.pid()).isEqualTo(sandboxPid);
            assertThat(sandbox.pod()).isEqualTo(new Pod("shop", "cart", "uid-cart", "POD", true));
            assertThat(app.pod()).isEqualTo(new Pod("shop", "cart", "uid-cart", "cart-app", false));
            assertThat(app.name()).isEqualTo("cart-app");

            NamespaceId net = view.discovery().process(sandboxPid).orElseThrow().namespace(NamespaceType.NET);
            assertThat(view.discovery().process(appPid).orElseThrow().namespace(NamespaceType.NET)).isEqualTo(net);
            assertThat(view.containersIn(net)).containsExactlyInAnyOrder(sandbox, app);
            assertThat(view.podsIn(net)).singleElement().extracting(Pod::qualifiedName).isEqualTo("shop/cart");
            NamespaceId appPidNs = view.discovery().process(appPid).orElseThrow().namespace(NamespaceType.PID);
            assertThat(view.containersIn(appPidNs)).containsExactly(app);
        } finally {
            containerd.remove("k8s.io", appId);
            containerd.remove("k8s.io", sandboxId);
        }
    }

    @Test
    void containersInSeveralContainerdNamespacesAtOnce(SharedEngines engines) {
        PrivateContainerd containerd = engines.containerd();
        List<String> namespaces = List.of("default", "k8s.io", "lxkns-test");
        String id = Sh.uniqueName("multi");
        try {
            for (String namespace : namespaces) {
                containerd.run(namespace, id, List.of("where=" + namespace), List.of());
            }

            NodeView view = view(engines);

            List<Container> found = view.containers().stream().filter(c -> c.id().equals(id)).toList();
            assertThat(found).extracting(Container::engineNamespace).containsExactlyInAnyOrderElementsOf(namespaces);
            for (Container container : found) {
                assertThat(container.labels()).containsEntry("where", container.engineNamespace());
                assertThat(view.containerOfPid()).containsEntry(container.pid(), container);
            }
        } finally {
            namespaces.forEach(namespace -> containerd.remove(namespace, id));
        }
    }

    @Test
    void autodetectionFindsTheRunningEnginesSockets(SharedEngines engines) {
        List<EngineSockets.Endpoint> found = EngineSockets.autodetect(Path.of("/proc"));

        assertThat(found).extracting(EngineSockets.Endpoint::engine, e -> e.socket().toString()).contains(
                org.assertj.core.groups.Tuple.tuple(EngineKind.CONTAINERD, engines.containerd().socket().toString()),
                org.assertj.core.groups.Tuple.tuple(EngineKind.DOCKER, engines.docker().socket().toString()));
        assertThat(found).allMatch(e -> e.origin() == EngineSockets.Origin.DETECTED);
    }

    private static List<String> withPod(String containerName, String kind) {
        List<String> labels = new java.util.ArrayList<>(POD_LABELS);
        labels.add("io.kubernetes.container.name=" + containerName);
        labels.add("io.cri-containerd.kind=" + kind);
        return labels;
    }

    private static Container byId(NodeView view, String id) {
        return view.containers().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("container " + id + " not found in " + view.containers()));
    }
}
