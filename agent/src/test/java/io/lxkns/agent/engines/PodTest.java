package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTest {

    @Test
    void criContainerdLabelsTellSandboxFromContainer() {
        Map<String, String> sandbox = Map.of(Pod.NAMESPACE_LABEL, "prod", Pod.NAME_LABEL, "web", Pod.UID_LABEL, "u1",
                Pod.CONTAINER_LABEL, "POD", "io.cri-containerd.kind", "sandbox");
        Map<String, String> app = Map.of(Pod.NAMESPACE_LABEL, "prod", Pod.NAME_LABEL, "web", Pod.UID_LABEL, "u1",
                Pod.CONTAINER_LABEL, "nginx", "io.cri-containerd.kind", "container");
        assertThat(Pod.fromLabels(sandbox)).isEqualTo(new Pod("prod", "web", "u1", "POD", true));
        assertThat(Pod.fromLabels(app)).isEqualTo(new Pod("prod", "web", "u1", "nginx", false));
        assertThat(Pod.fromLabels(app).qualifiedName()).isEqualTo("prod/web");
    }

    @Test
    void dockershimLabelsAndMissingKind() {
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "a", Pod.NAME_LABEL, "b",
                "io.kubernetes.docker.type", "podsandbox")).sandbox()).isTrue();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "a", Pod.NAME_LABEL, "b",
                Pod.CONTAINER_LABEL, "app", "io.kubernetes.docker.type", "container")).sandbox()).isFalse();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "a", Pod.NAME_LABEL, "b", Pod.CONTAINER_LABEL, "POD")).sandbox())
                .as("no kind label: the kubelet's POD name").isTrue();
        assertThat(Pod.fromLabels(Map.of(Pod.NAME_LABEL, "b"))).as("no namespace: not a pod").isNull();
        assertThat(Pod.fromLabels(Map.of("app", "x"))).isNull();
    }
}
