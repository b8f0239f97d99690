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
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final ClusterAnalysis.Settings SETTINGS = new ClusterAnalysis.Settings(MAX_AGE, 200, 50);

    /** shop/web in the host's pid namespace though its spec does not ask: one finding. */
    private static final Map<String, String> IN_HOST_PID = with(own(100), "pid", Fixtures.HOST.get("pid"));
    private static final PodEntry WEB = entry("shop", "web", IN_HOST_PID, IN_HOST_PID);
    private static final Pod WEB_POD = on(NODE, isolatedPod("shop", "web"));

    private final IncompleteReports memory = new IncompleteReports(MAX_AGE);

    private static NodeNamespaces complete(List<PodEntry> pods) {
        return report(NODE, NOW, pods, List.of());
    }

    private static NodeNamespaces notListed(List<PodEntry> pods) {
        NodeNamespaces report = report(NODE, NOW, pods, List.of());
        report.setStatus(report.getStatus().withConditions(List.of(Conditions.of(Conditions.ENGINE_PREFIX + "containerd",
                false, "NotListedYet", "/run/containerd/containerd.sock: no answer to the first list yet", NOW))));
        return report;
    }

    /** The types of all findings (pod or not) when {@code report} is analyzed at {@code at}, with the memory. */
    private List<String> findings(NodeNamespaces report, Instant at, Pod... pods) {
        return ClusterAnalysis.analyze(List.of(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()),
                List.of(pods), List.of(report), memory, at, SETTINGS, "test").status().findings()
                .stream().filter(f -> !f.type().equals(Findings.STALE_NODE)).map(f -> f.type()).toList();
    }

    @Test
    void anIncompleteReportKeepsThePodsOfTheLastCompleteOne() {
        assertThat(findings(complete(List.of(WEB)), NOW, WEB_POD)).containsExactly(Findings.HOST_NAMESPACE_UNEXPECTED);

        assertThat(findings(notListed(List.of()), NOW.plusSeconds(10), WEB_POD))
                .as("the restarted agent's report before containerd answered").containsExactly(Findings.HOST_NAMESPACE_UNEXPECTED);
        assertThat(ClusterAnalysis.analyze(List.of(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()),
                List.of(WEB_POD), List.of(notListed(List.of())), NOW, SETTINGS, "test").status().findings())
                .as("without the memory the finding would go").noneMatch(f -> f.pod() != null);
    }

    @Test
    void aCarriedPodDeletedMeanwhileDropsOutWithoutBlamingTheNode() {
        findings(complete(List.of(WEB)), NOW, WEB_POD);

        assertThat(findings(notListed(List.of()), NOW.plusSeconds(10))).as("the Pod is gone from the API").isEmpty();
    }

    @Test
    void aCompleteReportIsBelievedAndOldMemoriesAreNot() {
        findings(complete(List.of(WEB)), NOW, WEB_POD);
        assertThat(findings(notListed(List.of()), NOW.plus(MAX_AGE).plusSeconds(1), WEB_POD))
                .as("an engine down for longer than the limit is not vouched for").isEmpty();

        findings(complete(List.of()), NOW, WEB_POD);
        assertThat(findings(notListed(List.of()), NOW, WEB_POD)).as("the last complete report had no pods").isEmpty();
    }

    @Test
    void aNodeWhoseReportIsGoneIsForgotten() {
        findings(complete(List.of(WEB)), NOW, WEB_POD);
        ClusterAnalysis.analyze(List.of(), List.of(), List.of(), memory, NOW, SETTINGS, "test");

        assertThat(findings(notListed(List.of()), NOW, WEB_POD)).isEmpty();
    }
}
