package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.testing.Root;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar on a host whose /tmp is mounted noexec (a common hardening rule): JNA cannot load
 * its native library from there. Each run gets a private mount namespace with a noexec tmpfs over
 * /tmp (and, for the second case, over its home directory too), so the host is not touched.
 */
class NoexecTmpIT {

    @Test
    void withAnExecableCacheDirectoryItRuns() throws Exception {
        Root.require();
        Run run = run("mkdir /tmp/exec-home && mount -t tmpfs tmpfs /tmp/exec-home"
                + " && HOME=/tmp/exec-home XDG_CACHE_HOME= \"$0\" -Duser.home=/tmp/exec-home -jar \"$1\" ls --no-containers"
                + " && ls /tmp/exec-home/.cache/lxkns/native");
        assertThat(run.exitCode).as("stderr: %s", run.err).isZero();
        assertThat(run.out.lines().findFirst().orElseThrow()).contains("NS", "TYPE", "NPROCS");
        assertThat(run.err).doesNotContain("Exception", "UnsatisfiedLinkError");
    }

    @Test
    void withoutOneItSaysWhyInOneLineWithoutAStackTrace() throws Exception {
        Root.require();
        Run run = run("mkdir /tmp/home && HOME=/tmp/home XDG_CACHE_HOME= \"$0\" -Duser.home=/tmp/home -jar \"$1\" ls --no-containers");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEmpty();
        assertThat(run.err.strip().lines()).as(run.err).hasSize(1).first().asString()
                .startsWith("lxkns: cannot load JNA's native library: /tmp is mounted noexec")
                .contains("/tmp/home/.cache/lxkns/native").contains("-Djna.tmpdir=DIR");
    }

    private record Run(int exitCode, String out, String err) {}

    /** Runs {@code script} ($0 java, $1 the jar) in a new mount namespace with a noexec tmpfs on /tmp. */
    private static Run run(String script) throws Exception {
        Process process = new ProcessBuilder(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o noexec,nosuid,nodev tmpfs /tmp && " + script,
                ProcessHandle.current().info().command().orElseThrow(), System.getProperty("lxkns.jar"))).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
