package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.containerd.ContainerdClient;
import io.lxkns.agent.engines.docker.DockerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrainingEngineTest {
    @Test
    void dockerFindsNoContainersAndGrpcFindsNoEngine() throws Exception {
        Path socket;
        try (TrainingEngine engine = TrainingEngine.start()) {
            socket = engine.socket();
            try (DockerClient docker = new DockerClient(socket.toString(), Duration.ofSeconds(5))) {
                assertThat(docker.list()).isEmpty();
                assertThat(docker.list()).isEmpty(); // one answer per connection, as often as asked
            }
            try (ContainerdClient containerd = new ContainerdClient(socket.toString(), Duration.ofSeconds(5))) {
                assertThatThrownBy(containerd::list).isInstanceOf(EngineException.class);
            }
        }
        assertThat(socket).doesNotExist();
        assertThat(socket.getParent()).satisfies(directory -> assertThat(Files.exists(directory)).isFalse());
    }

    @Test
    void theOptionIsNotInTheHelp() {
        Cli cli = Cli.run("ls", "--help");

        assertThat(cli.out()).contains("--no-containers").doesNotContain("--cds-training");
    }
}
