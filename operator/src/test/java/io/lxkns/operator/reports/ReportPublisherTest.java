package io.lxkns.operator.reports;

import static io.lxkns.operator.analysis.Fixtures.HOST;
import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.lxkns.crds.Labels;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.PolicyReports;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports as the operator writes them, on the fabric8 mock API server in CRUD mode with the published
 * OpenReports CRDs (crds/openreports/), from what {@link ClusterAnalysis} makes of fixture reports.
 */
@EnableKubernetesMockClient(crud = true)
class ReportPublisherTest {
    static final Path OPENREPORTS = Path.of("..", "crds", "openreports");
    private static final CrdSchema REPORT = CrdSchema.ofFile(OPENREPORTS.resolve("openreports.io_reports.yaml"));
    private static final CrdSchema CLUSTER_REPORT = CrdSchema.ofFile(OPENREPORTS.resolve("openreports.io_clusterreports.yaml"));
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final ResourceDefinitionContext REPORTS = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
            .withNamespaced(true).build();
    private static final ResourceDefinitionContext CLUSTER_REPORTS = new ResourceDefinitionContext.Builder()
            .withGroup("openreports.io").withVersion("v1alpha1").withKind("ClusterReport").withPlural("clusterreports")
            .withNamespaced(false).build();

    KubernetesClient client;

    @BeforeEach
    void crds() throws IOException {
        for (String file : List.of("openreports.io_reports.yaml", "openreports.io_clusterreports.yaml")) {
            try (InputStream in = Files.newInputStream(OPENREPORTS.resolve(file))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }

    /** shop/web in the host's pid namespace without hostPID (one failure), shop/db isolated, team/api isolated. */
    private static ClusterAnalysis.Observed cluster(boolean webFixed, boolean withTeam) {
        List<Pod> pods = new ArrayList<>(List.of(Fixtures.isolatedPod("shop", "web"), Fixtures.isolatedPod("shop", "db")));
        Map<String, String> web = webFixed ? own(100) : with(own(100), "pid", HOST.get("pid"));
        List<PodEntry> entries = new ArrayList<>(List.of(entry("shop", "web", web, web),
                entry("shop", "db", own(200), own(200))));
        if (withTeam) {
            pods.add(Fixtures.isolatedPod("team", "api"));
            entries.add(entry("team", "api", own(300), own(300)));
        }
        List<Node> nodes = List.of(node("n1"), node("n2"));
        NodeNamespaces report = Fixtures.report("n1", NOW, entries, List.of());
        return ClusterAnalysis.analyze(nodes, pods, List.of(report), NOW, ClusterAnalysis.Settings.defaults(), "test")
                .observed();
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-node-" + name).endMetadata().build();
    }

    private GenericKubernetesResource report(String namespace) {
        return client.genericKubernetesResources(REPORTS).inNamespace(namespace).withName(PolicyReports.NAME).get();
    }

    private GenericKubernetesResource clusterReport() {
        return client.genericKubernetesResources(CLUSTER_REPORTS).withName(PolicyReports.NAME).get();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(GenericKubernetesResource report) {
        return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
    }

    @Test
    void aReportPerNamespaceWithFailuresAndPassesAndAClusterReportForNodes() {
        new ReportPublisher(client, ReportFormat.OPENREPORTS).publish(cluster(false, true), null, NOW);

        GenericKubernetesResource shop = report("shop");
        assertThat(REPORT.problems(shop)).isEmpty();
        assertThat(shop.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "lxkns");
        assertThat(shop.getAdditionalProperties()).containsEntry("source", "lxkns")
                .containsEntry("summary", Map.of("pass", 1, "fail", 1, "warn", 0, "error", 0, "skip", 0));
        assertThat(results(shop)).hasSize(2);
        Map<String, Object> failure = results(shop).get(0);
        assertThat(failure).containsEntry("policy", "HostNamespaceUnexpected").containsEntry("result", "fail")
                .containsEntry("severity", "high").containsEntry("source", "lxkns");
        assertThat(failure.get("resources")).isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Pod",
                "namespace", "shop", "name", "web", "uid", Fixtures.uid("shop", "web"))));
        assertThat((Map<String, String>) failure.get("properties")).containsEntry("node", "n1")
                .containsEntry("ns.pid", "host").containsEntry("namespace", HOST.get("pid"))
                .containsEntry("ns.net", own(100).get("net"));
        assertThat(failure.get("timestamp")).isEqualTo(Map.of("seconds", (int) NOW.getEpochSecond(), "nanos", 0));
        assertThat(results(shop).get(1)).containsEntry("policy", PolicyReports.POD_ISOLATION)
                .containsEntry("result", "pass");
        assertThat(results(report("team"))).singleElement().satisfies(r -> assertThat(r).containsEntry("result", "pass"));

        GenericKubernetesResource cluster = clusterReport();
        assertThat(CLUSTER_REPORT.problems(cluster)).isEmpty();
        assertThat(results(cluster)).extracting(r -> r.get("policy") + "/" + r.get("result"))
                .containsExactly("MissingNode/fail", "NodeReporting/pass");
        assertThat(results(cluster).get(0).get("resources")).isEqualTo(List.of(Map.of("apiVersion", "v1", "kind", "Node",
                "name", "n2", "uid", "uid-node-n2")));
    }

    @Test
    void writtenOnChangeOnlyFromFailToPassAndRemovedWhenTheNamespaceHasNoPodsLeft() {
        ReportPublisher publisher = new ReportPublisher(client, ReportFormat.OPENREPORTS);
        publisher.publish(cluster(false, true), null, NOW);
        String version = report("shop").getMetadata().getResourceVersion();

        publisher.publish(cluster(false, true), null, NOW.plusSeconds(60));
        assertThat(report("shop").getMetadata().getResourceVersion()).as("unchanged: not written").isEqualTo(version);
        // Another instance (or a restart) reads what is there first, and does not write either.
        new ReportPublisher(client, ReportFormat.OPENREPORTS).publish(cluster(false, true), null, NOW.plusSeconds(90));
        assertThat(report("shop").getMetadata().getResourceVersion()).as("after a restart").isEqualTo(version);

        publisher.publish(cluster(true, false), null, NOW.plusSeconds(120));
        assertThat(results(report("shop"))).extracting(r -> r.get("result")).containsOnly("pass").hasSize(2);
        assertThat(report("team")).as("no pods observed in team any more").isNull();
    }

    @Test
    void aReportStaysBoundedWhateverTheNamespaceHolds() {
        List<Pod> pods = new ArrayList<>();
        List<PodEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            pods.add(Fixtures.isolatedPod("big", "p" + i));
            Map<String, String> namespaces = with(own(1_000 + i), "net", HOST.get("net"));
            entries.add(entry("big", "p" + i, namespaces, namespaces));
        }
        ClusterAnalysis.Observed observed = ClusterAnalysis.analyze(List.of(node("n1")), pods,
                List.of(Fixtures.report("n1", NOW, entries, List.of())), NOW, ClusterAnalysis.Settings.defaults(), "t")
                .observed();

        new ReportPublisher(client, ReportFormat.OPENREPORTS).publish(observed, null, NOW);

        GenericKubernetesResource big = report("big");
        assertThat(results(big)).hasSize(ReportContent.MAX_RESULTS);
        assertThat(big.getMetadata().getAnnotations()).containsKey(PolicyReports.OMITTED);
        assertThat((Map<String, Integer>) big.getAdditionalProperties().get("summary")).containsEntry("fail", 1_000);
        assertThat(REPORT.problems(big)).isEmpty();
        assertThat(Serialization.size(big)).as("bytes").isLessThan(1_000_000);
    }

    @Test
    void theOlderPolicyReportFormatHasTheSameResults() {
        new ReportPublisher(client, ReportFormat.WGPOLICYK8S).publish(cluster(false, false), null, NOW);

        GenericKubernetesResource shop = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("PolicyReport").withPlural("policyreports")
                .withNamespaced(true).build()).inNamespace("shop").withName(PolicyReports.NAME).get();
        assertThat(shop.getKind()).isEqualTo("PolicyReport");
        Path published = Path.of("src", "test", "resources", "wgpolicyk8s");
        assertThat(CrdSchema.ofFile(published.resolve("wgpolicyk8s.io_policyreports.yaml"), "v1alpha2").problems(shop))
                .isEmpty();
        GenericKubernetesResource cluster = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("wgpolicyk8s.io").withVersion("v1alpha2").withKind("ClusterPolicyReport")
                .withPlural("clusterpolicyreports").withNamespaced(false).build()).withName(PolicyReports.NAME).get();
        assertThat(CrdSchema.ofFile(published.resolve("wgpolicyk8s.io_clusterpolicyreports.yaml"), "v1alpha2")
                .problems(cluster)).isEmpty();
        assertThat(results(shop)).extracting(r -> r.get("policy"))
                .containsExactly("HostNamespaceUnexpected", PolicyReports.POD_ISOLATION);
    }

    /** How big an object is on the wire. */
    private static final class Serialization {
        static int size(Object object) {
            return io.fabric8.kubernetes.client.utils.Serialization.asJson(object).length();
        }
    }
}
