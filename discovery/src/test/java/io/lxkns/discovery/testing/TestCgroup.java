package io.lxkns.discovery.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cgroup the test creates, in the hierarchy where freezing happens: the unified one on a cgroup
 * v2 host, the v1 freezer hierarchy otherwise. {@link #close} thaws and removes it; the test must
 * have ended the processes it moved in first.
 */
public final class TestCgroup implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final boolean unified;
    private final String path;

    public TestCgroup(String name) {
        unified = Files.exists(ROOT.resolve("cgroup.controllers"));
        Path hierarchy = unified ? ROOT : ROOT.resolve("freezer");
        if (!Files.isDirectory(hierarchy)) {
            throw new IllegalStateException("no cgroup freezer on this host: neither cgroup v2 at " + ROOT
                    + " nor a v1 freezer hierarchy at " + hierarchy);
        }
        dir = hierarchy.resolve(name);
        path = "/" + name;
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The path as /proc/PID/cgroup shows it. */
    public String path() {
        return path;
    }

    public void add(long pid) {
        write("cgroup.procs", Long.toString(pid));
    }

    public void freeze() {
        write(unified ? "cgroup.freeze" : "freezer.state", unified ? "1" : "FROZEN");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!isFrozen()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cgroup " + dir + " did not freeze within 10 s");
            }
            Spawned.sleep(10);
        }
    }

    private boolean isFrozen() {
        try {
            return unified
                    ? Files.readAllLines(dir.resolve("cgroup.events")).contains("frozen 1")
                    : Files.readString(dir.resolve("freezer.state")).strip().equals("FROZEN");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the freezer state of " + dir, e);
        }
    }

    public void thaw() {
        write(unified ? "cgroup.freeze" : "freezer.state", unified ? "0" : "THAWED");
    }

    private void write(String file, String value) {
        try {
            Files.writeString(dir.resolve(file), value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value + " to " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        thaw();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
                }
                Spawned.sleep(20); // killed processes leave the cgroup asynchronously
            }
        }
    }
}
