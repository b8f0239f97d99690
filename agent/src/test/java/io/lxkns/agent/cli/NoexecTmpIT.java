package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on a host whose temporary directory is mounted noexec (a common hardening rule):
 * JNA cannot load its native library from there. Each run gets a private mount namespace with a
 * noexec tmpfs as its temporary directory (and, in the second case, as its home too), so neither
 * the host nor the checkout, wherever it lies, is touched or hidden.
 */
class NoexecTmpIT {
    private Path base;

    @BeforeEach
    void directories() throws Exception {
        base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "noexec-");
        Files.createDirectories(base.resolve("tmp"));
        Files.createDirectories(base.resolve("exec-home"));
    }

    @AfterEach
    void removeDirectories() throws Exception {
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void withAnExecableCacheDirectoryItRuns() throws Exception {
        Root.require();
        Run run = run("mount -t tmpfs tmpfs $B/exec-home"
                + " && HOME=$B/exec-home XDG_CACHE_HOME= \"$0\" -Djava.io.tmpdir=$B/tmp -Duser.home=$B/exec-home"
                + " -jar \"$1\" ls --no-containers && ls $B/exec-home/.cache/lxkns/native");
        assertThat(run.exitCode).as("stderr: %s", run.err).isZero();
        assertThat(run.out.lines().findFirst().orElseThrow()).contains("NS", "TYPE", "NPROCS");
        assertThat(run.err).doesNotContain("Exception", "UnsatisfiedLinkError");
    }

    @Test
    void withoutOneItSaysWhyInOneLineWithoutAStackTrace() throws Exception {
        Root.require();
        Run run = run("mkdir $B/tmp/home && HOME=$B/tmp/home XDG_CACHE_HOME= \"$0\" -Djava.io.tmpdir=$B/tmp"
                + " -Duser.home=$B/tmp/home -jar \"$1\" ls --no-containers");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip().lines()).as(run.err).hasSize(1).first().asString()
                .startsWith("lxkns: cannot load JNA's native library: " + base.resolve("tmp") + " is mounted noexec")
                .contains(base + "/tmp/home/.cache/lxkns/native").contains("-Djna.tmpdir=DIR");
    }

    private record Run(int exitCode, String out, String err) {}

    /** Runs {@code script} ($0 java, $1 the jar, $B the test's directory) with a noexec tmpfs at $B/tmp. */
    private Run run(String script) throws Exception {
        Process process = new ProcessBuilder(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "B=" + base + "; mount -t tmpfs -o noexec,nosuid,nodev tmpfs $B/tmp && " + script,
                ProcessHandle.current().info().command().orElseThrow(), System.getProperty("lxkns.jar"))).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
