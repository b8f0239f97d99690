package io.lxkns.agent.report;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.NamespaceModes.Mode;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.node.UserMaps;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.crds.Findings;
import io.lxkns.crds.IdRange;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks a node makes on its own: the runtime's sandbox modes and the kernel's user namespace maps. */
class PodChecksTest {
    private static final NamespaceModes ISOLATED = new NamespaceModes(Mode.POD, Mode.CONTAINER, Mode.POD, null,
            Mode.NODE, List.of(), List.of());

    private final HandMade node = HandMade.host();
    private final List<Container> containers = new ArrayList<>();
    private final List<Sandbox> sandboxes = new ArrayList<>();

    /** A CRI pod: a sandbox process in {@code own} namespaces, and the modes the kubelet asked for. */
    private Pod criPod(String name, int pid, NamespaceModes modes, NamespaceId... own) {
        Pod sandboxPod = pod("team", name, "", true);
        node.process(pid, 1, "pause", own);
        containers.add(container("sb-" + name, "POD", EngineKind.CRI, null, pid, sandboxPod));
        sandboxes.add(new Sandbox("sb-" + name, sandboxPod, "containerd 1.7.20", true, Instant.EPOCH, modes, null, pid));
        return sandboxPod;
    }

    private void app(Pod pod, String name, int pid, NamespaceId... own) {
        node.process(pid, 1, "sleep", own);
        containers.add(container("c-" + pod.name() + "-" + name, name, EngineKind.CRI, null, pid,
                new Pod(pod.namespace(), pod.name(), pod.uid(), name, false)));
    }

    private NodeView view(Map<NamespaceId, UserMaps> maps) {
        node.engine(new EngineSnapshot(EngineKind.CRI, "/run/containerd/containerd.sock", true, true, null,
                containers, sandboxes));
        return node.view().withPodFacts(maps, Map.of());
    }

    private static List<Finding> ofType(NodeView view, String type) {
        return NodeFindings.of(view).stream().filter(f -> f.type().equals(type)).toList();
    }

    @Test
    void aPodAskedForItsOwnNetworkButInTheHostsIsAMismatch() {
        NamespaceId ownPid = id(NamespaceType.PID, 4026532600L);
        Pod web = criPod("web", 100, ISOLATED, ownPid); // net, ipc, uts: the host's
        assertThat(ofType(view(Map.of()), Findings.NAMESPACE_MODE_MISMATCH)).hasSize(2).allSatisfy(f -> {
            assertThat(f.pod()).isEqualTo(web.qualifiedName());
            assertThat(f.message()).contains("containerd 1.7.20", "mode pod", "the host's");
        }).anySatisfy(f -> assertThat(f.message()).contains("net mode pod"))
                .anySatisfy(f -> assertThat(f.message()).contains("ipc mode pod"));
    }

    @Test
    void podsAsTheirModesSayHaveNoFinding() {
        NamespaceId net = id(NamespaceType.NET, 4026532601L);
        NamespaceId ipc = id(NamespaceType.IPC, 4026532602L);
        NamespaceId sandboxPid = id(NamespaceType.PID, 4026532603L);
        NamespaceId appPid = id(NamespaceType.PID, 4026532604L);
        Pod web = criPod("web", 100, ISOLATED, net, ipc, sandboxPid);
        app(web, "nginx", 101, net, ipc, appPid);
        NamespaceModes hostNetwork = new NamespaceModes(Mode.NODE, Mode.CONTAINER, Mode.POD, null, Mode.NODE,
                List.of(), List.of());
        NamespaceId ipc2 = id(NamespaceType.IPC, 4026532605L);
        NamespaceId pid2 = id(NamespaceType.PID, 4026532606L);
        criPod("router", 200, hostNetwork, ipc2, pid2);

        assertThat(PodChecks.of(view(Map.of()))).isEmpty();
    }

    @Test
    void aHostPidPodInTheHostsPidNamespaceIsAsAsked() {
        NamespaceId net = id(NamespaceType.NET, 4026532601L);
        NamespaceId ipc = id(NamespaceType.IPC, 4026532602L);
        NamespaceModes hostPid = new NamespaceModes(Mode.POD, Mode.NODE, Mode.POD, null, Mode.NODE, List.of(), List.of());
        Pod monitor = criPod("monitor", 100, hostPid, net, ipc);
        app(monitor, "top", 101, net, ipc);

        assertThat(PodChecks.of(view(Map.of()))).isEmpty();
    }

    @Test
    void sharedProcessNamespaceIsCheckedBothWays() {
        NamespaceId net = id(NamespaceType.NET, 4026532601L);
        NamespaceId ipc = id(NamespaceType.IPC, 4026532602L);
        NamespaceId sandboxPid = id(NamespaceType.PID, 4026532603L);
        NamespaceId ownPid = id(NamespaceType.PID, 4026532604L);
        NamespaceModes shared = new NamespaceModes(Mode.POD, Mode.POD, Mode.POD, null, Mode.NODE, List.of(), List.of());
        Pod web = criPod("web", 100, shared, net, ipc, sandboxPid);
        app(web, "nginx", 101, net, ipc, ownPid); // should have joined the sandbox's PID namespace

        assertThat(ofType(view(Map.of()), Findings.NAMESPACE_MODE_MISMATCH)).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("pid mode pod", "nginx are not in the sandbox's PID namespace"));
    }

    @Test
    void userNamespacesThatMapTheHostsRootOrOverlapAreFound() {
        NamespaceId userA = id(NamespaceType.USER, 4026532701L);
        NamespaceId userB = id(NamespaceType.USER, 4026532702L);
        NamespaceId userC = id(NamespaceType.USER, 4026532703L);
        NamespaceModes ownUsers = new NamespaceModes(Mode.NODE, Mode.CONTAINER, Mode.NODE, null, Mode.POD,
                List.of(), List.of());
        criPod("a", 100, ownUsers, userA);
        criPod("b", 200, ownUsers, userB);
        criPod("c", 300, ownUsers, userC);
        Map<NamespaceId, UserMaps> maps = Map.of(
                userA, maps(new IdRange(0, 65536, 65536)),
                userB, maps(new IdRange(0, 100000, 65536)), // overlaps a's 65536..131071
                userC, maps(new IdRange(0, 0, 1000)));       // the host's root

        NodeView view = view(maps);
        assertThat(ofType(view, Findings.USER_NAMESPACE_MAPS_HOST_ROOT)).singleElement()
                .satisfies(f -> assertThat(f.pod()).isEqualTo("team/c"));
        assertThat(ofType(view, Findings.USER_NAMESPACE_OVERLAP)).singleElement().satisfies(f -> {
            assertThat(f.pod()).isEqualTo("team/a");
            assertThat(f.message()).contains("team/b", "0:65536:65536");
        });
    }

    @Test
    void mapsOtherThanAskedForAreAMismatch() {
        NamespaceId user = id(NamespaceType.USER, 4026532701L);
        NamespaceModes asked = new NamespaceModes(Mode.NODE, Mode.CONTAINER, Mode.NODE, null, Mode.POD,
                List.of(new IdRange(0, 200000, 65536)), List.of(new IdRange(0, 200000, 65536)));
        criPod("a", 100, asked, user, id(NamespaceType.PID, 4026532704L));

        assertThat(ofType(view(Map.of(user, maps(new IdRange(0, 300000, 65536)))), Findings.NAMESPACE_MODE_MISMATCH))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("0:300000:65536", "0:200000:65536"));
    }

    private static UserMaps maps(IdRange range) {
        return new UserMaps(List.of(range), List.of(range));
    }
}
