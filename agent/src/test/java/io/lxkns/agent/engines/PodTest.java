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

    /** Anyone who may run a container can set these labels: what Kubernetes could not have named is no pod. */
    @Test
    void labelsNoKubeletCouldHaveWrittenNameNoPod() {
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "kube-system", Pod.NAME_LABEL, "x".repeat(10_000))))
                .as("a name longer than Kubernetes allows").isNull();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "shop", Pod.NAME_LABEL, "web\u001b[2J"))).as("control characters").isNull();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "Shop", Pod.NAME_LABEL, "web"))).as("not a DNS label").isNull();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "shop", Pod.NAME_LABEL, "web", Pod.UID_LABEL, "a b"))).isNull();
        assertThat(Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "shop", Pod.NAME_LABEL, "web-7f9c.x", Pod.UID_LABEL,
                "0f8fad5b-d9cb-469f-a165-70867728950e"))).isNotNull();
    }
}
