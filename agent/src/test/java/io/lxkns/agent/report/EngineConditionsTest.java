package io.lxkns.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.crds.Conditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One condition per engine kind tells whether its containers are known. */
class EngineConditionsTest {

    private static Condition engineCondition(EngineSnapshot snapshot) {
        HandMade node = HandMade.host().engine(snapshot);
        return NodeReport.build(node.view(), "node-1", "test", SizeCap.DEFAULT_MAX_BYTES, HandMade.STARTED_AT)
                .getStatus().conditions().stream()
                .filter(c -> c.getType().equals(Conditions.ENGINE_PREFIX + snapshot.engine()))
                .findFirst().orElseThrow();
    }

    @Test
    void anEngineThatHasNotAnsweredItsFirstListIsNotMistakenForOneWithoutContainers() {
        Condition condition = engineCondition(
                new EngineSnapshot(EngineKind.CONTAINERD, "/run/containerd/containerd.sock", false, false, null, List.of()));

        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("NotListedYet");
        assertThat(condition.getMessage()).contains("/run/containerd/containerd.sock", "unknown, not gone");
    }

    @Test
    void anEngineThatFailedIsUnreachableAndOneThatListedIsReachable() {
        assertThat(engineCondition(new EngineSnapshot(EngineKind.DOCKER, "/run/docker.sock", false, false,
                "connection refused", List.of())).getReason()).isEqualTo("Unreachable");
        assertThat(engineCondition(new EngineSnapshot(EngineKind.DOCKER, "/run/docker.sock", true, true, null,
                List.of())).getReason()).isEqualTo("Reachable");
    }
}
