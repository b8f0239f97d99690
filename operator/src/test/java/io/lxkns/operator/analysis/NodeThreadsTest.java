package io.lxkns.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NodeThreadsTest {
    private static final List<String> NODES = IntStream.range(0, 1000).mapToObj(i -> "node-" + i).toList();

    @Test
    void theOutcomesComeInTheNodesOrderOnAnyNumberOfThreads() {
        for (int threads : new int[] {1, 2, 4, 16}) {
            assertThat(NodeThreads.map(NODES, threads, node -> node + "!")).as(threads + " threads")
                    .containsExactlyElementsOf(NODES.stream().map(node -> node + "!").toList());
        }
        assertThat(NodeThreads.map(List.of(), 4, node -> node)).isEmpty();
    }

    @Test
    void whatANodesAnalysisThrowsIsThrownToTheCaller() {
        IllegalStateException broken = new IllegalStateException("node-500");

        assertThatThrownBy(() -> NodeThreads.map(NODES, 4, node -> {
            if (node.equals("node-500")) {
                throw broken;
            }
            return node;
        })).isSameAs(broken);
    }
}
