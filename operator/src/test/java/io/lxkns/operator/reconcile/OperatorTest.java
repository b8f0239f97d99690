package io.lxkns.operator.reconcile;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.crds.testing.MockApi;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.crds.Findings;
import io.lxkns.operator.analysis.Fixtures;
import io.lxkns.operator.metrics.OperatorMetrics;
import io.lxkns.operator.reports.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator on the fabric8 mock API server in CRUD mode, SSA off, with the generated CRDs. */
@EnableKubernetesMockClient(crud = true)
class OperatorTest {
    private static final ClusterAnalysis.Settings SETTINGS = new ClusterAnalysis.Settings(Duration.ofMinutes(5), 200, 50);

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void cluster() {
        MockApi.answerLeaseRulesReviews(server);
        MockApi.installCrds(client);
        for (String file : List.of("openreports.io_reports.yaml", "openreports.io_clusterreports.yaml")) {
            client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1()
                    .customResourceDefinitions().load(Path.of("..", "crds", "openreports", file).toFile()).item()).create();
        }
        for (String node : List.of("n1", "n2")) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
        }
    }

    /** Pod shop/web on n1 is in the host's pid namespace without hostPID; n2 reports nothing. */
    private Pod createCluster() {
        Pod pod = client.pods().resource(Fixtures.isolatedPod("shop", "web")).create();
        String uid = pod.getMetadata().getUid();
        var namespaces = with(own(100), "pid", Fixtures.HOST.get("pid"));
        PodEntry web = entry("shop", "web", namespaces, namespaces);
        PodEntry withUid = new PodEntry(web.namespace(), web.name(), uid, web.namespaces(), web.hostNamespaces(), web.containers());
        publish(Fixtures.report("n1", Instant.now(), List.of(withUid), List.of()));
        publish(Fixtures.report("gone", Instant.now(), List.of(), List.of()));
        return pod;
    }

    /** As an agent does: the API server ignores the status on create, so it is written after. */
    private void publish(NodeNamespaces report) {
        NodeNamespaces created = client.resource(report).create();
        created.setStatus(report.getStatus());
        client.resource(created).updateStatus();
    }

    @Test
    void findingsEventsAndGarbageCollection() {
        Pod pod = createCluster();
        OperatorMetrics metrics = new OperatorMetrics();
        try (LxknsOperator operator = new LxknsOperator(client, SETTINGS, Duration.ofMillis(500), "solo", null, metrics,
                ReportFormat.OPENREPORTS).start()) {
            await("ClusterNamespaces with both findings", () -> status() != null && status().findingCounts() != null
                    && status().findingCounts().containsKey(Findings.HOST_NAMESPACE_UNEXPECTED)
                    && status().findingsTotal() == 2);

            ClusterNamespacesStatus status = status();
            assertThat(status.writer()).isEqualTo("solo");
            assertThat(status.nodes().total()).isEqualTo(2);
            assertThat(status.nodes().reporting()).isEqualTo(1);
            assertThat(status.nodes().missingNodes()).containsExactly("n2");
            assertThat(status.findings()).extracting(ClusterNamespacesStatus.Finding::type)
                    .containsExactlyInAnyOrder(Findings.HOST_NAMESPACE_UNEXPECTED, Findings.MISSING_NODE);
            assertThat(status.conditions()).filteredOn(c -> c.getType().equals("Degraded"))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(CrdSchema.of("clusternamespaces.lxkns.io")
                    .problems(client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get())).isEmpty();

            ResourceDefinitionContext reports = new ResourceDefinitionContext.Builder().withGroup("openreports.io")
                    .withVersion("v1alpha1").withKind("Report").withPlural("reports").withNamespaced(true).build();
            await("the shop namespace's Report", () ->
                    client.genericKubernetesResources(reports).inNamespace("shop").withName("lxkns").get() != null);
            GenericKubernetesResource report = client.genericKubernetesResources(reports).inNamespace("shop")
                    .withName("lxkns").get();
            assertThat(report.getAdditionalProperties().get("results").toString())
                    .contains("policy=HostNamespaceUnexpected", "result=fail", "uid=" + pod.getMetadata().getUid());
            assertThat(report.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getKind()).isEqualTo("ClusterNamespaces"));

            await("the orphaned NodeNamespaces deleted", () ->
                    client.resources(NodeNamespaces.class).withName("gone").get() == null);
            await("a Warning Event on the pod", () -> events("shop").size() == 1);
            Event event = events("shop").get(0);
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
            assertThat(event.getMessage()).contains("shop/web", "hostPID: true");

            long reconciles = metrics.reconciles();
            await("three more reconciles", () -> metrics.reconciles() >= reconciles + 3);
            assertThat(events("shop")).as("a lasting finding raises one Event").hasSize(1);
            assertThat(metrics.registry().scrape()).contains("lxkns_operator_findings{severity=\"warning\",type=\"MissingNode\"} 1.0",
                    "lxkns_operator_nodes{state=\"missing\"} 1.0", "lxkns_operator_reconcile_duration_seconds_count");

            client.nodes().withName("n1").delete();
            await("NodeNamespaces of a deleted Node collected", () ->
                    client.resources(NodeNamespaces.class).withName("n1").get() == null);
        }
    }

    @Test
    void ofTwoInstancesOnlyTheLeaderWrites() {
        createCluster();
        OperatorMetrics metricsA = new OperatorMetrics();
        OperatorMetrics metricsB = new OperatorMetrics();
        LxknsOperator.Lease lease = new LxknsOperator.Lease("lxkns-operator", "lxkns", Duration.ofSeconds(4),
                Duration.ofSeconds(3), Duration.ofMillis(300));
        try (LxknsOperator a = new LxknsOperator(client, SETTINGS, Duration.ofMillis(500), "a", lease, metricsA, null).start();
                LxknsOperator b = new LxknsOperator(client, SETTINGS, Duration.ofMillis(500), "b", lease, metricsB, null).start()) {
            await("a leader wrote the status", () -> status() != null && status().writer() != null);
            await("several reconciles", () -> metricsA.reconciles() + metricsB.reconciles() >= 3);

            String writer = status().writer();
            LxknsOperator leader = writer.equals("a") ? a : b;
            LxknsOperator standby = writer.equals("a") ? b : a;
            OperatorMetrics standbyMetrics = writer.equals("a") ? metricsB : metricsA;
            assertThat(leader.leading()).isTrue();
            assertThat(standby.leading()).isFalse();
            assertThat(standbyMetrics.reconciles()).as("the standby reconciles nothing").isZero();
            assertThat(standby.readiness().reason()).isEqualTo("standby");
            assertThat(client.leases().inNamespace("lxkns").withName("lxkns-operator").get().getSpec().getHolderIdentity())
                    .isEqualTo(writer);
            assertThat(events("shop")).hasSize(1);
        }
    }

    private ClusterNamespacesStatus status() {
        ClusterNamespaces cluster = client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get();
        return cluster == null ? null : cluster.getStatus();
    }

    private List<Event> events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
