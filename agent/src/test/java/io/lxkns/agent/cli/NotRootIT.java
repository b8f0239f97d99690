package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.testing.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as an unprivileged user: it says what it could not see and shows the rest. */
class NotRootIT {

    @Test
    void withoutRootItExplainsWhatIsMissingAndStillLists() throws Exception {
        Root.require();
        Path dir = Files.createTempDirectory("lxkns-notroot");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path jar = Files.copy(Path.of(System.getProperty("lxkns.jar")), dir.resolve("lxkns.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process process = new ProcessBuilder(List.of(
                    "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all",
                    java, "-Djna.tmpdir=" + dir, "-jar", jar.toString(), "ls"))
                    .directory(dir.toFile())
                    .start();
            String out = new String(process.getInputStream().readAllBytes());
            String err = new String(process.getErrorStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).as("exit code; stderr: %s", err).isZero();
            assertThat(err).contains("not running as root").contains("permission denied").contains("Run as root");
            // Its own processes' namespaces are readable: the initial ones, with the java process as member.
            assertThat(out.lines().findFirst().orElseThrow()).contains("NS", "TYPE", "NPROCS");
            assertThat(out.lines().filter(line -> line.contains(" user ")).count()).isGreaterThanOrEqualTo(1);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void rootWithoutCapabilitiesIsToldWhichAreMissingNotToRunAsRoot() throws Exception {
        Root.require();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-sys_ptrace,-dac_read_search",
                java, "-jar", System.getProperty("lxkns.jar"), "ls", "--no-containers")).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as("exit code; stderr: %s", err).isZero();
        assertThat(err).contains("permission denied")
                .contains("Running as root, but without CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE: grant those")
                .doesNotContain("Run as root", "not running as root");
        assertThat(out.lines().findFirst().orElseThrow()).contains("NS", "TYPE", "NPROCS");
    }
}
