package io.lxkns.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.operator.analysis.Fixtures;
import org.junit.jupiter.api.Test;

class PrunedStoreTest {

    @Test
    void aPodKeepsWhatTheAnalysisReadsAndNoEmptyCollectionsOfItsOwn() {
        Pod full = Fixtures.pod("team", "app", true, null, null, false);
        full.getMetadata().getLabels().put("app", "app");
        full.getMetadata().setResourceVersion("42");
        PrunedStore<Pod> store = PrunedStore.pods();
        store.put("team/app", full);
        Pod pruned = store.get("team/app");

        assertThat(pruned.getMetadata().getNamespace()).isEqualTo("team");
        assertThat(pruned.getMetadata().getName()).isEqualTo("app");
        assertThat(pruned.getMetadata().getUid()).isEqualTo(full.getMetadata().getUid());
        assertThat(pruned.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(pruned.getSpec().getNodeName()).isEqualTo(Fixtures.NODE);
        assertThat(pruned.getSpec().getHostNetwork()).isTrue();
        assertThat(pruned.getSpec().getHostPID()).isNull();
        assertThat(pruned.getSpec().getHostUsers()).isFalse();
        // The labels and containers are pruned; what is left empty is the JDK's one shared empty list or map.
        assertThat(pruned.getMetadata().getLabels()).isEmpty();
        assertThat(pruned.getSpec().getContainers()).isEmpty();
        assertThat(pruned.getSpec().getContainers()).isSameAs(pruned.getSpec().getVolumes());
        assertThat(pruned.getSpec().getNodeSelector()).isSameAs(pruned.getAdditionalProperties());
        // Still an ordinary pod to the client's serialization.
        assertThat(new KubernetesSerialization().asJson(pruned)).contains("\"hostNetwork\":true", "\"nodeName\":\"n1\"");
    }
}
