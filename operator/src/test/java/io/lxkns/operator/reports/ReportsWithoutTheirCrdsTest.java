package io.lxkns.operator.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.operator.analysis.ClusterAnalysis;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster without the report CRDs answers 404 to every report call: the operator goes on, and tries again. */
@EnableKubernetesMockClient
class ReportsWithoutTheirCrdsTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void missingCrdsAreToleratedAndAskedForAgainAtEveryPublish() throws InterruptedException {
        ReportPublisher publisher = new ReportPublisher(client, ReportFormat.OPENREPORTS);
        ClusterAnalysis.Observed nothing = new ClusterAnalysis.Observed(List.of(), List.of(), Map.of("n1", "uid-n1"));

        assertThatCode(() -> publisher.publish(nothing, null, Instant.now())).doesNotThrowAnyException();
        int requests = server.getRequestCount();
        assertThatCode(() -> publisher.publish(nothing, null, Instant.now())).doesNotThrowAnyException();

        assertThat(server.getRequestCount()).as("asked again, not given up").isGreaterThan(requests);
        assertThat(server.getLastRequest().getPath()).contains("openreports.io");
    }
}
