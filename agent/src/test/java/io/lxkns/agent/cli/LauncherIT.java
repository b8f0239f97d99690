package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lxkns: the first run makes a class-data sharing archive, every run uses it, output stays clean. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "lxkns").toAbsolutePath().normalize();
    /** How the JVM logs a class it took from the archive on top of the JDK's own. */
    private static final String MAIN_FROM_ARCHIVE = "io.lxkns.agent.Main source: shared objects file (top)";
    private static final String LOG_CLASS_LOADING = "-Xlog:class+load=info:stderr";

    private record Run(int exitCode, String out, String err) {}

    @Test
    void theFirstRunMakesTheArchiveAndEveryRunUsesIt(@TempDir Path cache) throws Exception {
        Run first = launch(cache, LOG_CLASS_LOADING, Map.of(), "ls", "-o", "json", "--no-containers");

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(new ObjectMapper().readTree(first.out).get("namespaces").size()).isPositive(); // JSON only
        assertThat(first.err).contains(MAIN_FROM_ARCHIVE).doesNotContain("[warning]");
        Path archive = onlyFile(cache.resolve("lxkns"));
        assertThat(archive.getFileName().toString()).endsWith(".jsa");
        FileTime made = Files.getLastModifiedTime(archive);

        Run second = launch(cache, LOG_CLASS_LOADING, Map.of(), "tree", "--pid");
        assertThat(second.exitCode).as(second.err).isZero();
        assertThat(second.err).contains(MAIN_FROM_ARCHIVE);
        assertThat(onlyFile(cache.resolve("lxkns"))).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
    }

    @Test
    void theArchiveHoldsTheEngineClientsWithoutAnEngineRunning(@TempDir Path cache) throws Exception {
        launch(cache, "", Map.of(), "--version"); // makes the archive

        try (TrainingEngine docker = TrainingEngine.start()) {
            Run run = launch(cache, LOG_CLASS_LOADING, Map.of(), "ls", "--no-engine-autodetect",
                    "--docker-socket", docker.socket().toString(), "--containerd-socket", docker.socket().toString());

            assertThat(run.exitCode).as(run.err).isZero();
            assertThat(run.err)
                    .contains("io.lxkns.agent.engines.docker.UnixHttp source: shared objects file (top)")
                    .contains("io.grpc.netty.NettyChannelBuilder source: shared objects file (top)");
        }
    }

    @Test
    void offRunsWithoutAnArchive(@TempDir Path cache) throws Exception {
        Run run = launch(cache, LOG_CLASS_LOADING, Map.of("LXKNS_CDS", "off"), "--version");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("lxkns ");
        assertThat(run.err).doesNotContain(MAIN_FROM_ARCHIVE);
        assertThat(cache.resolve("lxkns")).doesNotExist();
    }

    @Test
    void withoutAHomeOrCacheDirectoryItRunsWithoutAnArchive(@TempDir Path cache) throws Exception {
        Run run = launch(cache, LOG_CLASS_LOADING, Map.of("XDG_CACHE_HOME", "", "HOME", ""), "--version");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("lxkns ");
        assertThat(run.err).doesNotContain(MAIN_FROM_ARCHIVE);
    }

    @Test
    void aMissingJavaIsAClearError(@TempDir Path cache) throws Exception {
        Run run = launch(cache, "", Map.of("JAVA", cache.resolve("no-java").toString()), "ls");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("no " + cache.resolve("no-java") + " to run").contains("set JAVA");
    }

    @Test
    void aMissingJarIsAClearError(@TempDir Path cache) throws Exception {
        Run run = launch(cache, "", Map.of("LXKNS_JAR", cache.resolve("none.jar").toString()), "ls");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("no jar at").contains("none.jar");
    }

    private static Path onlyFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static Run launch(Path cache, String javaOpts, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().put("LXKNS_JAR", Path.of(System.getProperty("lxkns.jar")).toAbsolutePath().toString());
        builder.environment().put("LXKNS_JAVA_OPTS", javaOpts);
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElseThrow());
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name); // "" unsets
            } else {
                builder.environment().put(name, value);
            }
        });
        // stderr to a file: class loading logs fill a pipe while we read stdout
        Path err = Files.createTempFile("lxkns-launcher", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }
}
