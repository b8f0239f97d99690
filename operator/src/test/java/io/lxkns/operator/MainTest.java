package io.lxkns.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void operatorTakesDurationsAsTheChartWritesThem() {
        picocli.CommandLine cli = Main.commandLine();
        cli.parseArgs("--stale-after=5m", "--resync=PT90S");
        OperatorCommand operator = cli.getCommand();

        assertThat(operator.staleAfter).isEqualTo(Duration.ofMinutes(5));
        assertThat(operator.resync).isEqualTo(Duration.ofSeconds(90));
    }
}
