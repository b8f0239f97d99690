package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Spawned;
import org.junit.jupiter.api.Test;

class AgentDryRunIT {
    private static final CrdSchema SCHEMA = CrdSchema.of("nodenamespaces.lxkns.io");

    @Test
    void dryRunPrintsAValidObjectForThisMachineWithoutCommandLines() {
        Root.require();
        // A process whose command line holds a "secret": it must not reach the object, its comm may.
        try (Spawned spawned = Spawned.start("unshare", "--uts", "sleep", "299.0424242")) {
            int sleep = spawned.awaitProcess("sleep");

            Cli json = Cli.run("agent", "--dry-run", "--node-name", "node-a", "-o", "json");
            Cli yaml = Cli.run("agent", "--dry-run", "--node-name", "node-a");

            assertThat(json.exitCode()).as(json.err()).isZero();
            assertThat(SCHEMA.problemsOfText(json.out())).isEmpty();
            assertThat(SCHEMA.problemsOfText(yaml.out())).isEmpty();
            assertThat(json.out()).contains("\"apiVersion\" : \"lxkns.io/v1alpha1\"", "\"kind\" : \"NodeNamespaces\"",
                    "\"name\" : \"node-a\"", "\"pid\" : " + sleep, "\"comm\" : \"sleep\"");
            assertThat(json.out()).doesNotContain("0424242");
            assertThat(yaml.out()).startsWith("---").contains("kind: \"NodeNamespaces\"");
        }
    }

    @Test
    void withoutANodeNameItSaysWhatToDo() {
        Cli cli = Cli.run("agent", "--dry-run", "--node-name", "");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("no node name: set NODE_NAME or --node-name");
        assertThat(Cli.run("agent", "--dry-run", "--node-name", "n", "--max-size", "2000000").err())
                .contains("--max-size must be between 1 and 1048576");
        assertThat(Cli.run("agent", "--help").out()).contains("(default: 127.0.0.1:", "--min-write-interval", "--refresh");
    }
}
