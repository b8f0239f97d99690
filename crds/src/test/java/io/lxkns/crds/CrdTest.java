package io.lxkns.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lxkns.crds.NodeNamespacesStatus.BindMountEntry;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.crds.NodeNamespacesStatus.Leader;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.NodeIdentity;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import io.lxkns.crds.testing.CrdSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdTest {

    @ParameterizedTest
    @ValueSource(classes = {NodeNamespaces.class, ClusterNamespaces.class})
    void committedCrdIsWhatTheBuildGeneratesWithColumnsInDeclaredOrder(Class<?> resource) throws IOException {
        String file = resource.getSimpleName().toLowerCase(java.util.Locale.ROOT) + ".lxkns.io-v1.yml";
        String expected = PrinterColumnOrder.apply(
                Files.readString(Path.of("target/classes/META-INF/fabric8", file)), resource);
        Path wanted = Files.createDirectories(Path.of("target/crds")).resolve(file);
        Files.writeString(wanted, expected);
        assertThat(Files.readString(Path.of(file)))
                .as("crds/%s is out of date: copy crds/%s over it (and to charts/lxkns/crds/)", file, wanted)
                .isEqualTo(expected);
    }

    @Test
    void kubectlPrintsTheUsefulColumnsFirstAndAgeLast() throws IOException {
        String crd = Files.readString(Path.of("nodenamespaces.lxkns.io-v1.yml"));
        assertThat(crd.indexOf("name: \"Pods\"")).isLessThan(crd.indexOf("name: \"Findings\""));
        assertThat(crd.indexOf("name: \"Observed\"")).isLessThan(crd.indexOf("name: \"Age\""));
        assertThat(crd.substring(crd.indexOf("name: \"Age\""))).doesNotContain("jsonPath");
    }

    @Test
    void generatedCrdsAreExactlyTheCommittedOnes() throws IOException {
        try (var generated = Files.list(Path.of("target/classes/META-INF/fabric8"));
                var committed = Files.list(Path.of("."))) {
            assertThat(committed.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")))
                    .containsExactlyInAnyOrderElementsOf(generated.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFullNodeNamespacesValidatesAndUndeclaredFieldsDoNot() {
        NodeNamespaces object = new NodeNamespaces();
        object.setMetadata(new ObjectMetaBuilder().withName("node-1").build());
        object.setStatus(new NodeNamespacesStatus(
                new NodeIdentity("node-1", "0b5c", "6.18", "0.1.0"), "2026-11-29T01:00:00Z", 42L,
                new Summary(1, Map.of("net", 2), 100, 3, 1, 0, 1),
                Map.of("net", "net:[1]"),
                List.of(new NamespaceEntry("net:[2]", "net", List.of("proc"), "user:[3]", null, 2,
                        new Leader(10, "sleep"), List.of(new BindMountEntry("/run/netns/x", "mnt:[4]")),
                        List.of("abc"), List.of("ns/pod"))),
                List.of(new PodEntry("ns", "pod", "uid", Map.of("net", "net:[2]"), List.of("user"),
                        List.of(new PodContainer("app", "abc", "containerd", false, 10, Map.of("net", "net:[2]"))))),
                List.of(new Finding("LeakedNamespace", "warning", "net:[5] is only bind-mounted", "net:[5]", null)),
                List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Observed")
                        .withMessage("ok").withLastTransitionTime("2026-11-29T01:00:00Z").build())));

        CrdSchema schema = CrdSchema.of("nodenamespaces.lxkns.io");
        assertThat(schema.problems(object)).isEmpty();
        assertThat(schema.problemsOfText("{\"apiVersion\": \"lxkns.io/v1alpha1\", \"kind\": \"NodeNamespaces\","
                + " \"status\": {\"summary\": {\"pods\": \"many\"}, \"commandLine\": \"secret\"}}"))
                .hasSize(2)
                .anyMatch(p -> p.contains("commandLine"))
                .anyMatch(p -> p.contains("pods"));
    }

    /** What a broken or compromised node could write; the API server refuses it before anyone reads it. */
    @Test
    void theSchemaBoundsEveryFieldAHostileNodeCouldAbuse() {
        CrdSchema schema = CrdSchema.of("nodenamespaces.lxkns.io");
        String head = "{\"apiVersion\": \"lxkns.io/v1alpha1\", \"kind\": \"NodeNamespaces\", \"status\": ";
        assertThat(schema.problemsOfText(head + "{\"summary\": {\"pods\": 3000000000}}}")).as("a count no node has")
                .anyMatch(p -> p.contains("pods"));
        assertThat(schema.problemsOfText(head + "{\"initialNamespaces\": {\"net\": \"net:[1]\\u001b]0;x\"}}}"))
                .as("an id that is not one").isNotEmpty();
        assertThat(schema.problemsOfText(head + "{\"namespaces\": [{\"id\": \"net:[1]\", \"type\": \"evil\"}]}}"))
                .as("a made-up type").isNotEmpty();
        assertThat(schema.problemsOfText(head + "{\"findings\": [{\"type\": \"LeakedNamespace\", \"severity\": \"warning\","
                + " \"message\": \"" + "x".repeat(5000) + "\"}]}}")).as("a message of 5,000 characters").isNotEmpty();
        String manyPods = "[" + String.join(",", java.util.Collections.nCopies(2001, "{}")) + "]";
        assertThat(schema.problemsOfText(head + "{\"pods\": " + manyPods + "}}")).as("more pods than a node runs")
                .isNotEmpty();
    }
}
