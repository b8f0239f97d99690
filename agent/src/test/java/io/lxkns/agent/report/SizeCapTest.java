package io.lxkns.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.testing.SyntheticNode;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.testing.CrdSchema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SizeCapTest {
    private static final CrdSchema SCHEMA = CrdSchema.of("nodenamespaces.lxkns.io");
    private static final Instant NOW = Instant.parse("2026-11-29T00:00:00Z");

    @Test
    void fiveThousandNamespacesAndFiveHundredPodsStayUnderTheCapWithTruncatedTrue() {
        NodeView view = SyntheticNode.of(5000, 500);
        NodeNamespacesStatus full = StatusBuilder.build(view, "node-1", "test", NOW);
        NodeNamespaces object = object();
        assertThat(SizeCap.size(SizeCap.withStatus(object, full))).as("the synthetic node is over the cap").isGreaterThan(SizeCap.DEFAULT_MAX_BYTES);

        NodeNamespacesStatus capped = SizeCap.apply(object, full, SizeCap.DEFAULT_MAX_BYTES, NOW);

        NodeNamespaces written = SizeCap.withStatus(object, capped);
        assertThat(SizeCap.size(written)).isLessThanOrEqualTo(SizeCap.DEFAULT_MAX_BYTES);
        Condition truncated = condition(capped, "Truncated");
        assertThat(truncated.getStatus()).isEqualTo("True");
        assertThat(truncated.getReason()).isEqualTo("SizeCap");
        assertThat(truncated.getMessage()).contains("over the cap of 256 KiB").contains("dropped");
        assertThat(capped.summary()).as("counts stay complete").isEqualTo(full.summary());
        assertThat(capped.summary().namespaces()).isEqualTo(4992);
        assertThat(capped.summary().pods()).isEqualTo(500);
        assertThat(capped.namespaces().size()).isLessThan(full.namespaces().size());
        assertThat(capped.findings().size()).isLessThan(full.findings().size());
        assertThat(capped.pods()).as("pods go last and a good part of them stays").hasSizeGreaterThan(250);
        System.out.printf("5,000 namespaces / 500 pods: %d KiB observed, %d KiB written; kept %d namespaces, %d findings, %d pods%n",
                SizeCap.size(SizeCap.withStatus(object, full)) / 1024, SizeCap.size(written) / 1024, capped.namespaces().size(),
                capped.findings().size(), capped.pods().size());
        assertThat(SCHEMA.problems(written)).isEmpty();
    }

    @Test
    void aSmallNodeIsCompleteWithTruncatedFalse() {
        NodeNamespacesStatus full = StatusBuilder.build(SyntheticNode.of(50, 5), "node-1", "test", NOW);

        NodeNamespacesStatus capped = SizeCap.apply(object(), full, SizeCap.DEFAULT_MAX_BYTES, NOW);

        assertThat(capped.namespaces()).isEqualTo(full.namespaces());
        assertThat(capped.pods()).isEqualTo(full.pods());
        assertThat(condition(capped, "Truncated").getStatus()).isEqualTo("False");
        assertThat(SCHEMA.problems(SizeCap.withStatus(object(), capped))).isEmpty();
        assertThat(capped.pods()).hasSize(5).allSatisfy(pod -> {
            assertThat(pod.containers()).hasSize(2);
            assertThat(pod.containers().get(0).sandbox()).isTrue();
            assertThat(pod.hostNamespaces()).containsExactly("cgroup", "time", "user");
        });
        assertThat(capped.summary().podsSharingHostNamespaces()).isZero();
        // 50 - 8 - 5 * 7 = 7 leaked cni netns: the first five named, the other two one counted finding.
        assertThat(capped.findings()).as("leaked cni netns").hasSize(6).allMatch(f -> f.type().equals(Findings.LEAKED));
        assertThat(capped.findings().subList(0, 5)).allMatch(f -> f.message().contains("/run/netns/cni-"));
        assertThat(capped.findings().get(5).message()).startsWith("2 more namespaces");
    }

    private static NodeNamespaces object() {
        NodeNamespaces object = new NodeNamespaces();
        object.setMetadata(new ObjectMetaBuilder().withName("node-1").build());
        return object;
    }

    private static Condition condition(NodeNamespacesStatus status, String type) {
        return status.conditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
