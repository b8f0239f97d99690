package io.lxkns.agent.node;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which process belongs to which container, and each container once. */
class CorrelatorTest {
    private static final int SHIM = 500;

    /** A host with systemd (1) and a containerd shim (500) in the host's namespaces. */
    private static HandMade hostWithShim() {
        HandMade node = HandMade.host();
        node.process(1, 0, "systemd");
        node.process(SHIM, 1, "containerd-shim");
        return node;
    }

    @Test
    void aContainerOwnsItsInitAndTheInitsDescendantsButNothingElse() {
        HandMade node = hostWithShim();
        NamespaceId pid = id(NamespaceType.PID, 4026532600L);
        NamespaceId net = id(NamespaceType.NET, 4026532601L);
        node.process(600, SHIM, "nginx", pid, net);
        node.process(601, 600, "nginx-worker", pid, net);
        node.process(602, 601, "helper", pid, net);
        node.process(700, 1, "sshd");
        Container web = container("c-web", "web", EngineKind.DOCKER, null, 600, null);
        node.engine(EngineKind.DOCKER, web);

        NodeView view = node.view();

        assertThat(view.containerOfPid()).containsOnly(Map.entry(600, web), Map.entry(601, web), Map.entry(602, web));
        assertThat(view.containersIn(pid)).containsExactly(web);
        assertThat(view.containersIn(net)).containsExactly(web);
        assertThat(view.containersIn(node.initial(NamespaceType.NET)))
                .as("the shim and sshd are in the host's net namespace, but in no container").isEmpty();
        assertThat(view.containersIn(node.initial(NamespaceType.MNT)))
                .as("the container's processes are in the host's mnt namespace").containsExactly(web);
    }

    @Test
    void withNestedContainersTheNearestInitAncestorWins() {
        HandMade node = hostWithShim();
        NamespaceId outerPid = id(NamespaceType.PID, 4026532600L);
        NamespaceId innerPid = id(NamespaceType.PID, 4026532700L);
        node.process(600, SHIM, "dockerd", outerPid);
        node.process(601, 600, "containerd-shim", outerPid);
        node.process(610, 601, "app", innerPid);
        node.process(611, 610, "app-worker", innerPid);
        node.process(612, 611, "app-helper", innerPid);
        // Listed outer first: neither the engine's order nor the containers' order may decide.
        Container outer = container("c-outer", "a-outer", EngineKind.CONTAINERD, "default", 600, null);
        Container inner = container("c-inner", "b-inner", EngineKind.CONTAINERD, "default", 610, null);
        node.engine(EngineKind.CONTAINERD, outer, inner);

        NodeView view = node.view();

        assertThat(view.containerOfPid()).containsOnly(Map.entry(600, outer), Map.entry(601, outer),
                Map.entry(610, inner), Map.entry(611, inner), Map.entry(612, inner));
        assertThat(view.containersIn(innerPid)).containsExactly(inner);
        assertThat(view.containersIn(outerPid)).containsExactly(outer);
    }

    @Test
    void aProcessDescendingFromNoInitBelongsToTheContainerWhoseInitCreatedItsPidNamespace() {
        HandMade node = hostWithShim();
        NamespaceId pid = id(NamespaceType.PID, 4026532600L);
        node.process(600, SHIM, "nginx", pid);
        node.process(650, SHIM, "sh", pid); // docker exec: a child of the shim, in the container's PID namespace
        node.process(651, 650, "ps", pid);
        node.process(660, SHIM, "runc", node.initial(NamespaceType.PID)); // the shim's own child on the host
        // A container in the host's PID namespace (--pid=host): its init created no PID namespace, so
        // the host's other processes must not become its own.
        node.process(800, SHIM, "agent");
        node.process(850, SHIM, "sh");
        Container web = container("c-web", "web", EngineKind.DOCKER, null, 600, null);
        Container hostPid = container("c-hostpid", "hostpid", EngineKind.DOCKER, null, 800, null);
        node.engine(EngineKind.DOCKER, web, hostPid);

        NodeView view = node.view();

        assertThat(view.containerOfPid()).containsOnly(Map.entry(600, web), Map.entry(650, web), Map.entry(651, web),
                Map.entry(800, hostPid));
    }

    /** Without the shim in the table, "its parent is elsewhere" held for the host's PID namespace too. */
    @Test
    void aHostPidContainerWhoseShimIsNotVisibleClaimsNoHostProcess() {
        HandMade node = HandMade.host();
        node.process(1, 0, "systemd");
        node.process(700, 1, "sshd");
        node.process(800, 9999, "agent"); // its shim is not in the process table
        Container hostPid = container("c-hostpid", "hostpid", EngineKind.DOCKER, null, 800, null);
        node.engine(EngineKind.DOCKER, hostPid);

        assertThat(node.view().containerOfPid()).containsOnly(Map.entry(800, hostPid));
    }

    /** In a pod sharing one PID namespace every init is a child of the shim; only the sandbox is PID 1. */
    @Test
    void inAPodSharingItsPidNamespaceAnExecdProcessBelongsToTheSandbox() {
        HandMade node = hostWithShim();
        NamespaceId pid = id(NamespaceType.PID, 4026532600L);
        node.process(900, SHIM, "pause", pid); // PID 1 of the pod's namespace
        node.process(901, SHIM, "app", pid);
        node.process(950, SHIM, "sh", pid); // kubectl exec
        Container sandbox = container("c-sbx", "z-sandbox", EngineKind.CONTAINERD, "k8s.io", 900,
                pod("shop", "web", "POD", true));
        Container app = container("c-app", "a-app", EngineKind.CONTAINERD, "k8s.io", 901,
                pod("shop", "web", "app", false));
        node.engine(EngineKind.CONTAINERD, app, sandbox);

        assertThat(node.view().containerOfPid()).containsOnly(Map.entry(900, sandbox), Map.entry(901, app),
                Map.entry(950, sandbox));
    }

    @Test
    void aContainerWhoseInitIsNotInTheProcessTableOwnsNothingAndIsStillListed() {
        HandMade node = hostWithShim();
        NamespaceId pid = id(NamespaceType.PID, 4026532600L);
        node.process(600, SHIM, "nginx", pid);
        node.process(601, 600, "nginx-worker", pid);
        node.process(650, SHIM, "sh", pid);
        Container web = container("c-web", "web", EngineKind.CONTAINERD, "default", 600, null);
        Container gone = container("c-gone", "gone", EngineKind.CONTAINERD, "default", 999, null);
        node.engine(EngineKind.CONTAINERD, gone, web);

        NodeView view = node.view();

        assertThat(view.containers()).containsExactly(gone, web);
        assertThat(view.containerOfPid()).containsOnly(Map.entry(600, web), Map.entry(601, web), Map.entry(650, web));
        assertThat(view.containersOfNamespace().values()).allSatisfy(list -> assertThat(list).doesNotContain(gone));
    }

    @Test
    void theCrisViewOfAContainerWinsAndOnlyPausedComesFromContainerd() {
        Container fromCri = container("def456", "nginx", EngineKind.CRI, null, 800, pod("shop", "web", "nginx", false));
        Container pausedInK8sIo = new Container("def456", "def456", EngineKind.CONTAINERD, "k8s.io",
                HandMade.CONTAINERD_SOCKET, 800, Map.of(), true, pod("forged", "other", "nginx", false));
        Container notFromAKubelet = container("ctr1", "ctr1", EngineKind.CONTAINERD, "default", 900, null);
        // containerd answered first: the order of the engines must not matter.
        List<EngineSnapshot> engines = List.of(
                new EngineSnapshot(EngineKind.CONTAINERD, HandMade.CONTAINERD_SOCKET, true, true, null,
                        List.of(pausedInK8sIo, notFromAKubelet)),
                new EngineSnapshot(EngineKind.CRI, HandMade.CONTAINERD_SOCKET, true, true, null, List.of(fromCri)));

        assertThat(Correlator.containers(engines)).containsExactlyInAnyOrder(fromCri.withPaused(true), notFromAKubelet);
    }

    @Test
    void dockersContainersInContainerdsMobyNamespaceAreListedOnceWithDockersView() {
        Container dockerWeb = new Container("abc123", "web", EngineKind.DOCKER, null, HandMade.DOCKER_SOCKET, 600,
                Map.of("com.example.team", "shop"), false, null);
        Container mobyWeb = new Container("abc123", "abc123", EngineKind.CONTAINERD, "moby", HandMade.CONTAINERD_SOCKET,
                600, Map.of(), false, null);
        Container mobyOnly = container("fff999", "fff999", EngineKind.CONTAINERD, "moby", 700, null);
        Container k8s = container("def456", "nginx", EngineKind.CONTAINERD, "k8s.io", 800,
                pod("shop", "web", "nginx", false));
        // containerd answered first: the order of the engines must not matter.
        List<EngineSnapshot> engines = List.of(
                new EngineSnapshot(EngineKind.CONTAINERD, HandMade.CONTAINERD_SOCKET, true, true, null,
                        List.of(mobyWeb, mobyOnly, k8s)),
                new EngineSnapshot(EngineKind.DOCKER, HandMade.DOCKER_SOCKET, true, true, null, List.of(dockerWeb)));

        List<Container> containers = Correlator.containers(engines);

        assertThat(containers).containsExactlyInAnyOrder(mobyOnly, k8s, dockerWeb);
        Container web = containers.stream().filter(c -> c.id().equals("abc123")).findFirst().orElseThrow();
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.engine()).isEqualTo(EngineKind.DOCKER);
        assertThat(web.labels()).containsEntry("com.example.team", "shop");

        HandMade node = hostWithShim();
        node.process(600, SHIM, "nginx", id(NamespaceType.PID, 4026532600L));
        engines.forEach(node::engine);
        NodeView view = node.view();
        assertThat(view.containers()).as("ordered by engine, engine namespace, name")
                .containsExactly(k8s, mobyOnly, dockerWeb);
        assertThat(view.containerOfPid()).containsOnly(Map.entry(600, dockerWeb));
    }

    @Test
    void containersInANamespaceListsEachContainerOnceInContainerOrder() {
        HandMade node = hostWithShim();
        NamespaceId net = id(NamespaceType.NET, 4026532900L);
        // Lowest PIDs for the containers that come last, so that the order found is not the order shown.
        Container sidecar = container("c-1", "sidecar", EngineKind.DOCKER, null, 600, null);
        Container app = container("c-2", "app", EngineKind.CONTAINERD, "k8s.io", 610, pod("shop", "web", "app", false));
        Container sandbox = container("c-3", "POD", EngineKind.CONTAINERD, "k8s.io", 620, pod("shop", "web", "POD", true));
        Container tool = container("c-4", "zz-tool", EngineKind.CONTAINERD, "default", 630, null);
        for (int init : List.of(600, 610, 620, 630)) {
            NamespaceId pid = id(NamespaceType.PID, 4026533000L + init);
            node.process(init, SHIM, "init", pid, net);
            node.process(init + 1, init, "child", pid, net);
            node.process(init + 2, init, "child", pid, net);
        }
        node.engine(EngineKind.DOCKER, sidecar).engine(EngineKind.CONTAINERD, app, sandbox, tool);

        NodeView view = node.view();

        assertThat(view.containersIn(net)).containsExactly(tool, sandbox, app, sidecar);
        assertThat(view.containers()).containsExactly(tool, sandbox, app, sidecar);
        assertThat(view.containersIn(id(NamespaceType.NET, 1L))).as("a namespace no container is in").isEmpty();
    }
}
