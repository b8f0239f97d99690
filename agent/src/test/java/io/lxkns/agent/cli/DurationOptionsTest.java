package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationOptionsTest {

    @Test
    void agentTakesDurationsAsKubernetesUsersWriteThem() {
        String[] args = {"agent", "--interval=1m30s", "--min-write-interval=PT45S", "--refresh=2h"};
        AgentCommand agent = LxknsCommand.commandLine(args).parseArgs(args).subcommand().commandSpec().commandLine()
                .getCommand();

        assertThat(agent.interval).isEqualTo(Duration.ofSeconds(90));
        assertThat(agent.minWriteInterval).isEqualTo(Duration.ofSeconds(45));
        assertThat(agent.refresh).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void defaultsAreWrittenTheSameWay() {
        String[] args = {"agent"};
        AgentCommand agent = LxknsCommand.commandLine(args).parseArgs(args).subcommand().commandSpec().commandLine()
                .getCommand();

        assertThat(agent.interval).isEqualTo(Duration.ofSeconds(30));
        assertThat(agent.refresh).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aDurationThatIsNotOneIsRefusedWithTheFormsItTakes() {
        Cli cli = Cli.run("agent", "--interval=soon");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("'soon' is not a duration").contains("30s").contains("PT30S");
    }
}
