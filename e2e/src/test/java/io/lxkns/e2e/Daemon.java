package io.lxkns.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A built lxkns jar run as its own process, as a pod would run it, with its output in a log file. */
final class Daemon implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    Daemon(String name, String jarProperty, Path kubeconfig, Path logDir, String... args) throws IOException {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no built jar at " + jar + " (system property " + jarProperty
                    + "): run the e2e tests through Maven after the agent and operator are packaged");
        }
        this.name = name;
        this.log = logDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        process = builder.start();
        // Not left behind when the test JVM is killed.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
    }

    private volatile boolean stopped;

    /** Running, or stopped on purpose. */
    boolean running() {
        return stopped || process.isAlive();
    }

    /** The last lines the process wrote, to explain a failure. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- " + name + " (" + log + ") ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "--- " + name + ": no log: " + e;
        }
    }

    /** Stops it as the kubelet would: SIGTERM, then SIGKILL. */
    void stop() throws InterruptedException {
        stopped = true;
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
