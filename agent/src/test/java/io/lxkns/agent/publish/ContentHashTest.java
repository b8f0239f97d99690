package io.lxkns.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.lxkns.agent.report.StatusBuilder;
import io.lxkns.agent.testing.SyntheticNode;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What counts as a change for the write discipline. */
class ContentHashTest {
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");
    private static NodeNamespacesStatus status;

    @BeforeAll
    static void observe() {
        // 2 pods and 30 namespaces: 8 of them leaked network namespaces, so there are findings too.
        status = StatusBuilder.build(SyntheticNode.of(30, 2), "node-1", "test", NOW);
        assertThat(status.namespaces()).hasSizeGreaterThan(1);
        assertThat(status.pods()).hasSize(2);
        assertThat(status.findings()).isNotEmpty();
        assertThat(status.conditions()).extracting(Condition::getType).contains("Ready", "Engine-containerd");
    }

    @Test
    void theSameContentHasTheSameHash() {
        NodeNamespacesStatus again = StatusBuilder.build(SyntheticNode.of(30, 2), "node-1", "test", NOW);

        assertThat(ContentHash.of(again)).isEqualTo(ContentHash.of(status)).matches("[0-9a-f]{64}");
    }

    static Stream<Arguments> noContentChanges() {
        return Stream.of(
                change("observedAt and the discovery's duration",
                        s -> s.withObservation("2026-11-29T00:05:00Z", s.discoveryDurationMs() + 1234)),
                change("every condition's lastTransitionTime", s -> s.withConditions(s.conditions().stream()
                        .map(c -> new ConditionBuilder(c).withLastTransitionTime("2026-12-01T12:00:00Z").build())
                        .toList())),
                change("the conditions as built at another time",
                        s -> StatusBuilder.build(SyntheticNode.of(30, 2), "node-1", "test", NOW.plusSeconds(3600))),
                change("summary.processes", s -> s.withSummary(s.summary().withProcesses(s.summary().processes() + 17))),
                change("every namespace's processCount", s -> s.withNamespaces(s.namespaces().stream()
                        .map(e -> e.withProcessCount(e.processCount() + 3)).toList())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noContentChanges")
    void onlyTimestampsOrProcessCountsDifferingGivesTheSameHash(UnaryOperator<NodeNamespacesStatus> change) {
        NodeNamespacesStatus changed = change.apply(status);

        assertThat(changed).as("the change is a change").isNotEqualTo(status);
        assertThat(ContentHash.of(changed)).isEqualTo(ContentHash.of(status));
    }

    static Stream<Arguments> contentChanges() {
        return Stream.of(
                change("a namespace gone", s -> s.withNamespaces(s.namespaces().subList(1, s.namespaces().size()))),
                change("a namespace's owner", s -> s.withNamespaces(replaceFirst(s.namespaces(), e ->
                        new NamespaceEntry(e.id(), e.type(), e.sources(), "user:[4026599999]", e.parent(),
                                e.processCount(), e.leader(), e.bindMounts(), e.containers(), e.pods())))),
                change("a pod's name", s -> s.withPods(replaceFirst(s.pods(), p ->
                        new PodEntry(p.namespace(), p.name() + "-renamed", p.uid(), p.namespaces(), p.hostNamespaces(),
                                p.containers())))),
                change("a pod gone", s -> s.withPods(s.pods().subList(1, s.pods().size()))),
                change("a finding more", s -> {
                    List<Finding> findings = new ArrayList<>(s.findings());
                    findings.add(new Finding(Findings.SHARED_ACROSS_PODS, Findings.WARNING, "pods share net:[1]",
                            "net:[1]", "team-0/a"));
                    return s.withFindings(findings);
                }),
                change("a finding's message", s -> s.withFindings(replaceFirst(s.findings(), f ->
                        new Finding(f.type(), f.severity(), f.message() + " (again)", f.namespace(), f.pod())))),
                change("a condition's status", s -> s.withConditions(s.conditions().stream()
                        .map(c -> c.getType().equals("Engine-containerd")
                                ? new ConditionBuilder(c).withStatus("False").build() : c)
                        .toList())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contentChanges")
    void aChangedNamespacePodFindingOrConditionStatusGivesAnotherHash(UnaryOperator<NodeNamespacesStatus> change) {
        NodeNamespacesStatus changed = change.apply(status);

        assertThat(ContentHash.of(changed)).isNotEqualTo(ContentHash.of(status));
    }

    private static Arguments change(String what, UnaryOperator<NodeNamespacesStatus> change) {
        return Arguments.of(Named.of(what, change));
    }

    private static <T> List<T> replaceFirst(List<T> list, UnaryOperator<T> change) {
        List<T> copy = new ArrayList<>(list);
        copy.set(0, change.apply(copy.get(0)));
        return copy;
    }
}
