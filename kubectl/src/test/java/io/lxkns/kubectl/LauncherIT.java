package io.lxkns.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.kubectl.testing.Fixtures;
import io.lxkns.kubectl.testing.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kubectl-lxkns with the packaged jar, as processes against the mock API server: help, a real
 * command through a kubeconfig, the class-data sharing archive made once and then used, and the
 * layout of an installed copy (launcher and jar side by side).
 */
@EnableKubernetesMockClient(crud = true)
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "kubectl-lxkns").toAbsolutePath().normalize();
    /** How the JVM logs a class it took from the archive on top of the JDK's own. */
    private static final String MAIN_FROM_ARCHIVE = "io.lxkns.kubectl.Main source: shared objects file (top)";
    private static final String LOG_CLASS_LOADING = "-Xlog:class+load=info:stderr";

    static KubernetesMockServer server;
    static KubernetesClient client;
    static Path kubeconfig;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void cluster(@TempDir Path dir) {
        MockCluster cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
        kubeconfig = cluster.kubeconfig();
    }

    @Test
    void helpNeedsNoCluster(@TempDir Path cache) throws Exception {
        Run run = launch(cache, "", Map.of("LXKNS_KUBECTL_CDS", "off"), "--help");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("Usage: kubectl lxkns");
        assertThat(run.err).isEmpty();
    }

    @Test
    void theFirstRunMakesTheArchiveAndEveryRunUsesIt(@TempDir Path cache) throws Exception {
        Run first = launch(cache, LOG_CLASS_LOADING, Map.of(), "findings", "-A");

        assertThat(first.exitCode).as(first.err).isZero();
        assertThat(first.out).startsWith("SEVERITY   TYPE").contains("LeakedNamespace", "shop/web", "other/api")
                .doesNotContain("\u001b");
        assertThat(first.err).contains(MAIN_FROM_ARCHIVE).doesNotContain("[warning]");
        assertThat(first.err).as("the plugin loads no agent or discovery code")
                .doesNotContain("io.lxkns.agent.", "io.lxkns.discovery.", "io.lxkns.operator.");
        Path archive = onlyFile(cache.resolve("lxkns"));
        assertThat(archive.getFileName().toString()).startsWith("kubectl-").endsWith(".jsa");
        FileTime made = Files.getLastModifiedTime(archive);

        Run second = launch(cache, LOG_CLASS_LOADING, Map.of(), "pod", "web", "-n", "shop", "--kubeconfig",
                kubeconfig.toString(), "-o", "json");
        assertThat(second.exitCode).as(second.err).isZero();
        assertThat(second.out).startsWith("{").contains("\"pod\": \"shop/web\"");
        assertThat(second.err).contains(MAIN_FROM_ARCHIVE);
        assertThat(onlyFile(cache.resolve("lxkns"))).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);
    }

    @Test
    void offRunsWithoutAnArchive(@TempDir Path cache) throws Exception {
        Run run = launch(cache, LOG_CLASS_LOADING, Map.of("LXKNS_KUBECTL_CDS", "off"), "findings");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).contains("shop/web").doesNotContain("other/api");
        assertThat(run.err).doesNotContain(MAIN_FROM_ARCHIVE);
        assertThat(cache.resolve("lxkns")).doesNotExist();
    }

    @Test
    void anInstalledCopyFindsItsJarBesideIt(@TempDir Path cache, @TempDir Path bin) throws Exception {
        Files.copy(LAUNCHER, bin.resolve("kubectl-lxkns"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(jar(), bin.resolve("kubectl-lxkns.jar"));
        // kubectl finds plugins through PATH, krew through a symlink to its store: resolved either way.
        Files.createSymbolicLink(cache.resolve("kubectl-lxkns"), bin.resolve("kubectl-lxkns"));

        Run run = launch(cache.resolve("kubectl-lxkns"), cache, "", Map.of("LXKNS_KUBECTL_JAR", "",
                "LXKNS_KUBECTL_CDS", "off"), "node", "n1");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("Node n1: observed").contains("└─ user:[4026532500]");
    }

    @Test
    void errorsAreOneLineAndExitCodesAsDocumented(@TempDir Path cache) throws Exception {
        Run missing = launch(cache, "", Map.of("LXKNS_KUBECTL_CDS", "off"), "pod", "nope");
        Run usage = launch(cache, "", Map.of("LXKNS_KUBECTL_CDS", "off"), "pod");

        assertThat(missing.exitCode).isEqualTo(1);
        assertThat(missing.err).isEqualTo("error: pod \"nope\" not found in namespace shop\n");
        assertThat(usage.exitCode).isEqualTo(2);
    }

    @Test
    void aMissingJarIsAClearError(@TempDir Path cache) throws Exception {
        Run run = launch(cache, "", Map.of("LXKNS_KUBECTL_JAR", cache.resolve("none.jar").toString()), "--help");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("no jar at").contains("none.jar");
    }

    @Test
    void theJarHoldsNoAgentCodeAndNoModelIndex() throws Exception {
        try (ZipFile zip = new ZipFile(jar().toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(e -> e.getName()).toList();
            assertThat(names).contains("io/lxkns/kubectl/Main.class", "io/lxkns/crds/NodeNamespaces.class")
                    .noneMatch(n -> n.startsWith("io/lxkns/agent/") || n.startsWith("io/lxkns/discovery/")
                            || n.startsWith("io/lxkns/operator/"))
                    .doesNotContain("META-INF/services/io.fabric8.kubernetes.api.model.KubernetesResource");
        }
    }

    private static Path jar() {
        String jar = System.getProperty("kubectl-lxkns.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("no packaged jar (system property kubectl-lxkns.jar: " + jar
                    + "): run through ./mvnw verify -pl kubectl, which packages it first");
        }
        return Path.of(jar).toAbsolutePath();
    }

    private static Path onlyFile(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static Run launch(Path cache, String javaOpts, Map<String, String> env, String... args) throws Exception {
        return launch(LAUNCHER, cache, javaOpts, env, args);
    }

    private static Run launch(Path launcher, Path cache, String javaOpts, Map<String, String> env, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        builder.environment().put("LXKNS_KUBECTL_JAR", jar().toString());
        builder.environment().put("LXKNS_KUBECTL_JAVA_OPTS", javaOpts);
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElseThrow());
        builder.environment().put("KUBECONFIG", kubeconfig.toString()); // as kubectl users have it
        env.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name); // "" unsets
            } else {
                builder.environment().put(name, value);
            }
        });
        // stderr to a file: class loading logs fill a pipe while we read stdout
        Path err = Files.createTempFile("kubectl-lxkns-launcher", ".err");
        try {
            Process process = builder.redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Run(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.delete(err);
        }
    }
}
