package io.lxkns.kubectl.cli;

import static io.lxkns.kubectl.testing.MockCluster.runPlugin;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.kubectl.testing.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Help, version and usage errors: no cluster needed, exit code 2 for what the user typed wrong. */
class UsageTest {
    @Test
    void everyCommandsHelpNamesItsDataAndFlags() {
        for (String command : List.of("pod", "node", "pid", "findings")) {
            Run run = runPlugin(command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: kubectl lxkns " + command)
                    .contains("Data: ", "--kubeconfig=FILE", "--context=NAME", "-n, --namespace=NAMESPACE",
                            "-o, --output=FORMAT");
        }
        assertThat(runPlugin("findings", "--help").out()).contains("-A, --all-namespaces")
                .contains("Report 'lxkns'", "ClusterNamespaces/cluster");
        assertThat(runPlugin("pod", "--help").out()).contains("NodeNamespaces/NODE", "shared with", "sandbox");
        assertThat(runPlugin("pid", "--help").out()).contains("not every process");
    }

    @Test
    void theCommandGroupsHelp() {
        Run run = runPlugin("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: kubectl lxkns [-hV]").contains("Commands:", "  pod ", "  node ", "  pid ",
                "  findings ", "Exit codes: 0 shown; 1 not found, forbidden or failed");
        assertThat(runPlugin().out()).isEqualTo(run.out());
        assertThat(runPlugin("help", "pod").out()).startsWith("Usage: kubectl lxkns pod");
    }

    @Test
    void version() {
        Run run = runPlugin("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("kubectl-lxkns ");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(runPlugin("frobnicate").exitCode()).isEqualTo(2);
        assertThat(runPlugin("frobnicate").err()).startsWith("error: Unmatched argument at index 0: 'frobnicate'");
        assertThat(runPlugin("pod").exitCode()).isEqualTo(2);
        assertThat(runPlugin("pod", "a", "b").exitCode()).isEqualTo(2);
        assertThat(runPlugin("node", "n1", "--bogus").exitCode()).isEqualTo(2);
        assertThat(runPlugin("node", "n1", "-A").err()).startsWith("error: Unknown option: '-A'");
        assertThat(runPlugin("findings", "-o").exitCode()).isEqualTo(2);
    }
}
