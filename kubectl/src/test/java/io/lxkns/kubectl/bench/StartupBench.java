package io.lxkns.kubectl.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.kubectl.testing.Fixtures;
import io.lxkns.kubectl.testing.MockCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code findings -A} against the mock API server (HTTPS, the fixture cluster), started as a user
 * would start it: {@code java -jar}, {@code bin/kubectl-lxkns} without and with its class-data
 * sharing archive, and through kubectl where there is one. Cold: the page cache of the jar, the
 * archive and the JDK's files dropped before each run; warm: the same files cached. Median of
 * {@link #RUNS}, the variants alternating so that drift spreads over all of them.
 */
@EnableKubernetesMockClient(crud = true)
class StartupBench {
    static final int RUNS = Integer.getInteger("bench.runs", 7);
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("kubectl/target/kubectl-lxkns.jar");
    static final Path LAUNCHER = ROOT.resolve("bin/kubectl-lxkns");

    KubernetesMockServer server;
    KubernetesClient client;

    record Variant(String name, List<String> command, Map<String, String> env, List<Path> files) {}

    @Test
    void findingsAllNamespaces() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError("no " + JAR + ": package first (./mvnw -B -o package -pl kubectl -DskipTests)");
        }
        Path dir = Files.createTempDirectory("kubectl-lxkns-bench");
        MockCluster cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
        Path kubeconfig = cluster.kubeconfig();
        Path cache = dir.resolve("cache");
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath();
        Path jdk = java.getParent().getParent();
        List<Path> jdkFiles = List.of(java, jdk.resolve("lib/modules"), jdk.resolve("lib/server/libjvm.so"),
                jdk.resolve("lib/server/classes.jsa"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "LXKNS_KUBECTL_JAR", JAR.toString(),
                "JAVA", java.toString(), "KUBECONFIG", kubeconfig.toString());

        // The archive, made once as the first run of the launcher makes it.
        long made = time(List.of(LAUNCHER.toString(), "--version"), env);
        Path archive;
        try (var files = Files.list(cache.resolve("lxkns"))) {
            archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }

        List<Path> withJar = new ArrayList<>(jdkFiles);
        withJar.add(JAR);
        List<Path> withArchive = new ArrayList<>(withJar);
        withArchive.add(archive);
        List<String> args = List.of("findings", "-A");
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("java -jar kubectl-lxkns.jar", concat(List.of(java.toString(), "-jar", JAR.toString()), args),
                        env, withJar),
                new Variant("bin/kubectl-lxkns, LXKNS_KUBECTL_CDS=off", concat(List.of(LAUNCHER.toString()), args),
                        with(env, "LXKNS_KUBECTL_CDS", "off"), withJar),
                new Variant("bin/kubectl-lxkns (archive)", concat(List.of(LAUNCHER.toString()), args), env, withArchive)));
        Path kubectl = onPath("kubectl");
        if (kubectl != null) {
            variants.add(new Variant("kubectl lxkns (archive; kubectl on PATH: " + kubectl + ")",
                    concat(List.of(kubectl.toString(), "lxkns"), args),
                    with(env, "PATH", LAUNCHER.getParent() + File.pathSeparator + System.getenv("PATH")), withArchive));
        }

        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        Map<String, List<Long>> cold = new LinkedHashMap<>();
        Map<String, List<Long>> warm = new LinkedHashMap<>();
        for (Variant v : variants) {
            time(v.command(), v.env()); // output checked once, files cached
        }
        for (int i = 0; i < RUNS; i++) {
            for (Variant v : variants) {
                evict(v.files());
                cold.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(time(v.command(), v.env()));
            }
            for (Variant v : variants) {
                warm.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(time(v.command(), v.env()));
            }
        }
        StringBuilder report = new StringBuilder();
        report.append("| `findings -A`, mock API server over HTTPS | cold (median of ").append(RUNS)
                .append(") | warm (median of ").append(RUNS).append(") | warm runs |\n|---|---|---|---|\n");
        for (Variant v : variants) {
            report.append("| ").append(v.name()).append(" | ").append(median(cold.get(v.name()))).append(" ms | ")
                    .append(median(warm.get(v.name()))).append(" ms | ").append(warm.get(v.name())).append(" |\n");
        }
        report.append("\nArchive made by the first run of the launcher: ").append(made).append(" ms (")
                .append(Files.size(archive) / (1024 * 1024)).append(" MiB); jar ")
                .append(Files.size(JAR) / (1024 * 1024)).append(" MiB; JVM ").append(System.getProperty("java.vm.version"))
                .append("; ").append(Runtime.getRuntime().availableProcessors()).append(" cores; /proc/loadavg before ")
                .append(loadBefore).append(", after ").append(Files.readString(Path.of("/proc/loadavg")).strip())
                .append(".\n");
        System.out.println(report);
        Files.writeString(ROOT.resolve("kubectl/target/startup-bench.md"), report.toString());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(env);
        changed.put(name, value);
        return changed;
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Drops the files from the page cache: written back first, then POSIX_FADV_DONTNEED through dd. */
    private static void evict(List<Path> files) throws Exception {
        run(List.of("sync"), Map.of());
        for (Path file : files) {
            if (Files.exists(file)) {
                run(List.of("dd", "if=" + file, "iflag=nocache", "count=0", "status=none"), Map.of());
            }
        }
    }

    private static long time(List<String> command, Map<String, String> env) throws Exception {
        long start = System.nanoTime();
        String out = run(command, env);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (command.contains("findings") && !out.contains("LeakedNamespace")) {
            throw new AssertionError("unexpected output of " + command + ":\n" + out);
        }
        return ms;
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + out);
        }
        return out;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
