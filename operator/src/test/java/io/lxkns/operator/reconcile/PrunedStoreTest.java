package io.lxkns.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.operator.analysis.Fixtures;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void aReportKeepsItsPodsWithEqualNamespaceMapsSharedAndNoNamespaceEntries() {
        Map<String, String> namespaces = Fixtures.own(100);
        NodeNamespaces report = Fixtures.report("n1", Instant.now(), List.of(
                Fixtures.entry("team", "a", new HashMap<>(namespaces), new HashMap<>(namespaces)),
                Fixtures.entry("team", "b", new HashMap<>(namespaces), Fixtures.own(200))), List.of());
        PrunedStore<NodeNamespaces> store = PrunedStore.nodeNamespaces();
        store.put("n1", report);
        List<PodEntry> pods = store.get("n1").getStatus().pods();

        assertThat(pods).extracting(PodEntry::name).containsExactly("a", "b");
        assertThat(pods.get(0).namespaces()).isEqualTo(namespaces);
        assertThat(pods.get(0).containers().get(1).namespaces()).isSameAs(pods.get(0).namespaces())
                .isSameAs(pods.get(1).namespaces());
        assertThat(pods.get(1).containers().get(1).namespaces()).isEqualTo(Fixtures.own(200));
        assertThat(store.get("n1").getStatus().namespaces()).isNull();
    }
}
