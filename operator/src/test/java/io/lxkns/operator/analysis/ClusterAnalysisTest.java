package io.lxkns.operator.analysis;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.node;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.pod;
import static io.lxkns.operator.analysis.Fixtures.report;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.operator.analysis.ClusterAnalysis.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each finding type, a case that raises it and one that must not. */
class ClusterAnalysisTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static Result analyze(List<Pod> pods, List<PodEntry> entries) {
        return ClusterAnalysis.analyze(List.of(node("n1")), pods, List.of(report("n1", NOW, entries, List.of())), NOW,
                ClusterAnalysis.Settings.defaults(), "test");
    }

    private static List<String> types(Result result) {
        return result.status().findings().stream().map(Finding::type).toList();
    }

    @Test
    void anIsolatedPodGivesNoFinding() {
        Result result = analyze(List.of(isolatedPod("shop", "web")), List.of(entry("shop", "web", own(100), own(100))));

        assertThat(result.status().findings()).isEmpty();
        assertThat(result.status().findingsTotal()).isZero();
        assertThat(result.podWarnings()).isEmpty();
        assertThat(result.status().podsObserved()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"net,hostNetwork", "pid,hostPID", "ipc,hostIPC"})
    void aPodInAHostNamespaceItDidNotAskFor(String type, String field) {
        var namespaces = with(own(100), type, Fixtures.HOST.get(type));
        if (type.equals("net")) {
            namespaces = with(namespaces, "uts", Fixtures.HOST.get("uts"));
        }
        PodEntry entry = entry("shop", "web", namespaces, namespaces);

        Result unexpected = analyze(List.of(isolatedPod("shop", "web")), List.of(entry));
        Result requested = analyze(List.of(pod("shop", "web", type.equals("net"), type.equals("pid"), type.equals("ipc"), null)),
                List.of(entry));

        int count = type.equals("net") ? 2 : 1;
        assertThat(types(unexpected)).containsOnly(Findings.HOST_NAMESPACE_UNEXPECTED).hasSize(count);
        Finding finding = unexpected.status().findings().get(0);
        assertThat(finding.severity()).isEqualTo(Findings.WARNING);
        assertThat(finding.node()).isEqualTo("n1");
        assertThat(finding.pod()).isEqualTo("shop/web");
        assertThat(finding.message()).contains("shop/web", "n1", field + ": true");
        assertThat(unexpected.podWarnings()).hasSize(count)
                .allSatisfy(w -> assertThat(w.pod().getMetadata().getName()).isEqualTo("web"));

        assertThat(types(requested)).containsOnly(Findings.HOST_NAMESPACE_REQUESTED).hasSize(count);
        assertThat(requested.status().findings()).allMatch(f -> f.severity().equals(Findings.INFO));
        assertThat(requested.podWarnings()).as("info findings raise no Event").isEmpty();
    }

    @Test
    void twoPodsSharingANetworkNamespace() {
        Result shared = analyze(List.of(isolatedPod("a", "one"), isolatedPod("b", "two")), List.of(
                entry("a", "one", own(100), own(100)),
                entry("b", "two", with(own(200), "net", "net:[100]"), with(own(200), "net", "net:[100]"))));
        Result separate = analyze(List.of(isolatedPod("a", "one"), isolatedPod("b", "two")), List.of(
                entry("a", "one", own(100), own(100)), entry("b", "two", own(200), own(200))));

        assertThat(types(shared)).containsExactly(Findings.SHARED_ACROSS_PODS, Findings.SHARED_ACROSS_PODS);
        assertThat(shared.status().findings()).extracting(f -> f.namespace()).containsOnly("net:[100]");
        assertThat(shared.podWarnings()).as("an Event for each pod").hasSize(2);
        assertThat(types(separate)).isEmpty();
    }

    @Test
    void aContainerOutsideItsPodsNetworkNamespace() {
        Result outside = analyze(List.of(isolatedPod("shop", "web")),
                List.of(entry("shop", "web", own(100), with(own(100), "net", "net:[999]"))));
        Result inside = analyze(List.of(isolatedPod("shop", "web")), List.of(entry("shop", "web", own(100), own(100))));

        assertThat(types(outside)).containsExactly(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE);
        assertThat(outside.status().findings().get(0).message()).contains("container app", "net:[999]", "net:[100]");
        assertThat(types(inside)).isEmpty();
    }

    @Test
    void hostUsersFalseIsCheckedAgainstTheUserNamespaceTheContainersAreIn() {
        PodEntry inHostUser = entry("shop", "web", own(100), own(100));
        PodEntry ownUser = entry("shop", "web", with(own(100), "user", "user:[500]"), with(own(100), "user", "user:[500]"));
        Pod wantsOwnUsers = pod("shop", "web", null, null, null, false);

        assertThat(types(analyze(List.of(wantsOwnUsers), List.of(inHostUser))))
                .containsExactly(Findings.USER_NAMESPACE_NOT_ISOLATED);
        assertThat(analyze(List.of(wantsOwnUsers), List.of(ownUser)).status().findings())
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(Findings.USER_NAMESPACE_ISOLATED);
                    assertThat(f.severity()).isEqualTo(Findings.INFO);
                });
        assertThat(types(analyze(List.of(isolatedPod("shop", "web")), List.of(inHostUser))))
                .as("hostUsers not set: the host's user namespace is expected").isEmpty();
    }

    @Test
    void leakedNamespacesReportedByTheAgentAreKeptWithTheirNode() {
        NodeNamespaces leaking = report("n1", NOW, List.of(), List.of(new NodeNamespacesStatus.Finding(
                Findings.LEAKED, Findings.WARNING, "net:[77] is held only by the bind mount /run/netns/cni-1", "net:[77]", null)));

        Result leaked = ClusterAnalysis.analyze(List.of(node("n1")), List.of(), List.of(leaking), NOW,
                ClusterAnalysis.Settings.defaults(), "test");
        Result clean = analyze(List.of(), List.of());

        assertThat(leaked.status().findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.LEAKED);
            assertThat(f.node()).isEqualTo("n1");
            assertThat(f.namespace()).isEqualTo("net:[77]");
            assertThat(f.message()).contains("net:[77] on node n1").doesNotContain("/run/netns/cni-1");
        });
        assertThat(leaked.podWarnings()).isEmpty();
        assertThat(types(clean)).isEmpty();
    }

    @Test
    void staleAndMissingNodesAndOrphanedReports() {
        List<Node> nodes = List.of(node("fresh"), node("old"), node("silent"));
        List<NodeNamespaces> reports = List.of(report("fresh", NOW.minusSeconds(30), List.of(), List.of()),
                report("old", NOW.minus(Duration.ofMinutes(6)), List.of(), List.of()),
                report("gone", NOW, List.of(), List.of()));

        Result result = ClusterAnalysis.analyze(nodes, List.of(), reports, NOW, ClusterAnalysis.Settings.defaults(), "test");

        var counts = result.status().nodes();
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.reporting()).isEqualTo(1);
        assertThat(counts.stale()).isEqualTo(1);
        assertThat(counts.missing()).isEqualTo(1);
        assertThat(counts.staleNodes()).containsExactly("old");
        assertThat(counts.missingNodes()).containsExactly("silent");
        assertThat(types(result)).containsExactlyInAnyOrder(Findings.STALE_NODE, Findings.MISSING_NODE);
        assertThat(result.orphans()).containsExactly("gone");
        assertThat(result.status().conditions()).filteredOn(c -> c.getType().equals("Degraded"))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));

        Result healthy = ClusterAnalysis.analyze(List.of(node("fresh")), List.of(), reports.subList(0, 1), NOW,
                ClusterAnalysis.Settings.defaults(), "test");
        assertThat(healthy.status().conditions()).filteredOn(c -> c.getType().equals("Degraded"))
                .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(healthy.orphans()).isEmpty();
    }

    @Test
    void theFindingsListIsBoundedMostSevereFirstWhileCountsStayComplete() {
        List<Pod> pods = new ArrayList<>();
        List<PodEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pods.add(pod("ns", "p" + i, true, null, null, null)); // info: hostNetwork asked for
            entries.add(entry("ns", "p" + i, with(with(own(100 * (i + 1)), "net", "net:[1]"), "uts", "uts:[4]"),
                    with(with(own(100 * (i + 1)), "net", "net:[1]"), "uts", "uts:[4]")));
        }
        pods.add(isolatedPod("ns", "bad"));
        entries.add(entry("ns", "bad", with(own(900), "pid", "pid:[2]"), with(own(900), "pid", "pid:[2]")));

        Result result = ClusterAnalysis.analyze(List.of(node("n1")), pods, List.of(report("n1", NOW, entries, List.of())),
                NOW, new ClusterAnalysis.Settings(Duration.ofMinutes(5), 3, 50), "test");

        assertThat(result.status().findingsTotal()).isEqualTo(13);
        assertThat(result.status().findings()).hasSize(3);
        assertThat(result.status().findings().get(0).type()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
        assertThat(result.status().findingCounts()).containsEntry(Findings.HOST_NAMESPACE_REQUESTED, 12)
                .containsEntry(Findings.HOST_NAMESPACE_UNEXPECTED, 1);
    }
}
