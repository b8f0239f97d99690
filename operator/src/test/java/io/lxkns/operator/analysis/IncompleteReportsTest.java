package io.lxkns.operator.analysis;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.on;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.report;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restarted agent's first report, before an engine answered, does not blank the node's pod findings. */
class IncompleteReportsTest {
    private static final String NODE = "n1";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final ClusterAnalysis.Settings SETTINGS = new ClusterAnalysis.Settings(Duration.ofMinutes(5), 200, 50);

    /** shop/web in the host's pid namespace though its spec does not ask: one finding. */
    private static final Map<String, String> IN_HOST_PID = with(own(100), "pid", Fixtures.HOST.get("pid"));
    private static final PodEntry WEB = entry("shop", "web", IN_HOST_PID, IN_HOST_PID);

    private static NodeNamespaces notListed(List<PodEntry> pods) {
        NodeNamespaces report = report(NODE, NOW, pods, List.of());
        report.setStatus(report.getStatus().withConditions(List.of(Conditions.of(Conditions.ENGINE_PREFIX + "containerd",
                false, "NotListedYet", "/run/containerd/containerd.sock: no answer to the first list yet", NOW))));
        return report;
    }

    private static List<String> podFindings(List<NodeNamespaces> reports, Pod... pods) {
        return ClusterAnalysis.analyze(List.of(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()),
                List.of(pods), reports, NOW, SETTINGS, "test").status().findings().stream()
                .filter(f -> f.pod() != null).map(f -> f.type()).toList();
    }

    @Test
    void anIncompleteReportKeepsThePodsOfTheLastCompleteOne() {
        IncompleteReports reports = new IncompleteReports();
        Pod web = on(NODE, isolatedPod("shop", "web"));

        assertThat(podFindings(reports.fill(List.of(report(NODE, NOW, List.of(WEB), List.of()))), web))
                .containsExactly(Findings.HOST_NAMESPACE_UNEXPECTED);
        assertThat(podFindings(reports.fill(List.of(notListed(List.of()))), web))
                .as("the restarted agent's report before containerd answered").containsExactly(Findings.HOST_NAMESPACE_UNEXPECTED);
        assertThat(podFindings(List.of(notListed(List.of())), web)).as("without the memory the finding would go").isEmpty();
    }

    @Test
    void aCompleteReportWithoutThePodIsBelievedAndAPodDeletedMeanwhileDropsOut() {
        IncompleteReports reports = new IncompleteReports();
        Pod web = on(NODE, isolatedPod("shop", "web"));
        reports.fill(List.of(report(NODE, NOW, List.of(WEB), List.of())));

        assertThat(podFindings(reports.fill(List.of(notListed(List.of()))))).as("the Pod is gone from the API").isEmpty();
        assertThat(podFindings(reports.fill(List.of(report(NODE, NOW, List.of(), List.of()))), web)).isEmpty();
        assertThat(podFindings(reports.fill(List.of(notListed(List.of()))), web))
                .as("the last complete report had no pods").isEmpty();
    }

    @Test
    void aNodeWhoseReportIsGoneIsForgotten() {
        IncompleteReports reports = new IncompleteReports();
        Pod web = on(NODE, isolatedPod("shop", "web"));
        reports.fill(List.of(report(NODE, NOW, List.of(WEB), List.of())));
        reports.fill(List.of());

        assertThat(podFindings(reports.fill(List.of(notListed(List.of()))), web)).isEmpty();
    }
}
