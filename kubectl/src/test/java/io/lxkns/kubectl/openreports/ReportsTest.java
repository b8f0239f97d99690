package io.lxkns.kubectl.openreports;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the Report contract: leniently, and within bounds. */
class ReportsTest {
    @Test
    void theFixtureReport() {
        LxknsReport report = Reports.parse(Fixtures.report("shop"));

        assertThat(report.namespace()).isEqualTo("shop");
        assertThat(report.results()).hasSize(6);
        assertThat(report.omitted()).isZero();
        ReportResult first = report.results().get(0);
        assertThat(first.policy()).isEqualTo("HostNamespaceUnexpected");
        assertThat(first.isFinding()).isTrue();
        assertThat(first.podName()).isEqualTo("shop/web");
        assertThat(first.node()).isEqualTo("n1");
        assertThat(first.namespaceId()).isEqualTo(Fixtures.HOST.get("pid"));
        assertThat(first.timestamp()).isEqualTo(Fixtures.OBSERVED);
        assertThat(first.podNamespaces()).containsEntry("pid", "host").containsEntry("net", Fixtures.WEB_NET).hasSize(8);
        assertThat(report.results().get(4).isFinding()).as("a pass").isFalse();
    }

    @Test
    void whatAFullReportLeftOut() {
        GenericKubernetesResource full = report(List.of());
        full.getMetadata().setAnnotations(Map.of(PolicyReports.OMITTED, "1200"));
        GenericKubernetesResource bogus = report(List.of());
        bogus.getMetadata().setAnnotations(Map.of(PolicyReports.OMITTED, "many"));

        assertThat(Reports.parse(full).omitted()).isEqualTo(1200);
        assertThat(Reports.parse(bogus).omitted()).isZero();
    }

    @Test
    void fieldsOfTheWrongTypeAreLeftOut() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy", 42);
        result.put("result", List.of("fail"));
        result.put("message", Map.of("not", "text"));
        result.put("timestamp", Map.of("seconds", "yesterday"));
        result.put("resources", "Pod");
        result.put("properties", Map.of("node", 7, "ns.net", "net:[1]"));
        LxknsReport report = Reports.parse(report(List.of(result, "not an object")));

        assertThat(report.results()).hasSize(1);
        ReportResult parsed = report.results().get(0);
        assertThat(parsed.policy()).isNull();
        assertThat(parsed.message()).isNull();
        assertThat(parsed.timestamp()).isNull();
        assertThat(parsed.resources()).isEmpty();
        assertThat(parsed.pod()).isNull();
        assertThat(parsed.properties()).containsOnlyKeys("ns.net");
    }

    @Test
    void everythingIsBounded() {
        List<Object> results = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            properties.put("key" + i, "v".repeat(10_000));
        }
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("policy", "P".repeat(10_000));
        big.put("message", "m".repeat(100_000));
        big.put("properties", properties);
        for (int i = 0; i < Reports.MAX_RESULTS + 10; i++) {
            results.add(big);
        }
        LxknsReport report = Reports.parse(report(results));

        assertThat(report.results()).hasSize(Reports.MAX_RESULTS);
        assertThat(report.truncated()).isTrue();
        ReportResult first = report.results().get(0);
        assertThat(first.policy()).hasSize(Reports.MAX_TEXT);
        assertThat(first.message()).hasSize(Reports.MAX_MESSAGE).endsWith("…");
        assertThat(first.properties()).hasSize(Reports.MAX_PROPERTIES);
        assertThat(first.properties().get("key0")).hasSize(Reports.MAX_TEXT);
    }

    private static GenericKubernetesResource report(List<Object> results) {
        GenericKubernetesResource report = new GenericKubernetesResource();
        report.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("lxkns").build());
        report.setAdditionalProperty("results", results);
        return report;
    }
}
