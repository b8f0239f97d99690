package io.lxkns.discovery.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command the test started (typically {@code unshare ... sleep}), with every process it forks.
 * {@link #close} kills exactly those processes: the test's own, never anybody else's.
 */
public final class Spawned implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(10);

    private final Process process;
    private final List<String> command;

    private Spawned(Process process, List<String> command) {
        this.process = process;
        this.command = command;
    }

    /** Starts a command; a missing tool or a failure to start fails the test and names the command. */
    public static Spawned start(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Spawned(process, List.of(command));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command)
                    + " (hack/test.sh installs what the tests need): " + e.getMessage(), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the started process or one of its descendants runs {@code comm} (after the
     * {@code unshare} calls have exec'd it) and returns that process's PID.
     */
    public int awaitProcess(String comm) {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Integer> found = findProcess(comm);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + " before running " + comm + " (is the kernel feature available? are we root?)");
            }
            sleep(10);
        }
        throw new IllegalStateException(String.join(" ", command) + " did not run " + comm + " within " + READY);
    }

    private Optional<Integer> findProcess(String comm) {
        List<ProcessHandle> candidates = new ArrayList<>();
        candidates.add(process.toHandle());
        process.descendants().forEach(candidates::add);
        for (ProcessHandle handle : candidates) {
            try {
                String actual = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "comm")).strip();
                if (actual.equals(comm)) {
                    return Optional.of((int) handle.pid());
                }
            } catch (IOException e) {
                // exited meanwhile
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle handle : all) {
            handle.onExit().toCompletableFuture().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
