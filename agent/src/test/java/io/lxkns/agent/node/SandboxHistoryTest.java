package io.lxkns.agent.node;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.ns;
import static io.lxkns.agent.testing.HandMade.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.report.NodeFindings;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.crds.Findings;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who left a network namespace: the runtime's not-ready sandboxes, and what an observer saw. */
class SandboxHistoryTest {
    private static final NamespaceId NETNS = id(NamespaceType.NET, 4026532900L);
    private static final String PATH = "/var/run/netns/cni-5d1c";
    private static final Pod WEB = pod("shop", "web", "", true);

    /** The pod running: its sandbox process is in the netns the runtime made at {@link #PATH}. */
    private static NodeView running() {
        HandMade node = HandMade.host();
        node.add(ns(NETNS).sources(Source.PROC, Source.BINDMOUNT).owner(node.initial(NamespaceType.USER))
                .processes(1, 100).bindMount("/run/netns/cni-5d1c", node.initial(NamespaceType.MNT)));
        node.process(100, 1, "pause", NETNS);
        node.engine(new EngineSnapshot(EngineKind.CRI, "/run/containerd/containerd.sock", true, true, null,
                List.of(container("sb1", "POD", EngineKind.CRI, null, 100, WEB)),
                List.of(new Sandbox("sb1", WEB, "containerd 1.6.20", true, Instant.EPOCH, null, PATH, 100))));
        return node.view();
    }

    /** The pod gone, its sandbox removed, its netns still bind-mounted: a leak. */
    private static NodeView leaked(List<Sandbox> stillListed) {
        HandMade node = HandMade.host();
        node.add(ns(NETNS).sources(Source.BINDMOUNT).owner(node.initial(NamespaceType.USER))
                .bindMount("/run/netns/cni-5d1c", node.initial(NamespaceType.MNT)));
        node.engine(new EngineSnapshot(EngineKind.CRI, "/run/containerd/containerd.sock", true, true, null,
                List.of(), stillListed));
        return node.view();
    }

    @Test
    void aLeakNamesThePodAnObserverSawInItAndWhenItWent() {
        SandboxHistory history = new SandboxHistory();
        Instant seen = Instant.parse("2026-11-29T10:00:00Z");
        Instant went = Instant.parse("2026-11-29T10:00:30Z");
        assertThat(history.update(running(), seen)).containsKey(NETNS);

        NodeView later = leaked(List.of());
        NodeView view = later.withPodFacts(later.userMaps(), history.update(later, went));

        assertThat(NodeFindings.of(view)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.LEAKED);
            assertThat(f.pod()).isEqualTo("shop/web");
            assertThat(f.message()).contains("made for pod shop/web", "sb1", PATH, "gone since " + went);
        });
    }

    @Test
    void withoutMemoryTheRuntimesNotReadySandboxNamesThePodByItsPath() {
        NodeView view = leaked(List.of(new Sandbox("sb1", WEB, "cri-o 1.30.4", false, Instant.EPOCH, null, PATH, 0)));
        view = view.withPodFacts(view.userMaps(), new SandboxHistory().update(view, Instant.now()));

        assertThat(NodeFindings.of(view)).singleElement().satisfies(f -> {
            assertThat(f.pod()).isEqualTo("shop/web");
            assertThat(f.message()).contains("the runtime lists as not ready");
        });
    }

    @Test
    void aReadySandboxsPinnedNamespaceIsNotALeak() {
        // CRI-O without an infra container: the pod's netns is held by pinns' bind mount alone.
        NodeView view = leaked(List.of(new Sandbox("sb1", WEB, "cri-o 1.30.4", true, Instant.EPOCH, null, PATH, 0)));
        view = view.withPodFacts(view.userMaps(), new SandboxHistory().update(view, Instant.now()));

        assertThat(NodeFindings.of(view)).isEmpty();
    }

    @Test
    void namespacesThatAreGoneAreForgotten() {
        SandboxHistory history = new SandboxHistory();
        history.update(running(), Instant.now());
        NodeView empty = HandMade.host().view();

        assertThat(history.update(empty, Instant.now())).isEmpty();
    }
}
