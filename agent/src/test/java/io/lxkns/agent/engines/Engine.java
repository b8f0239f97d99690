package io.lxkns.agent.engines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the private engines share: start-up waits, shutdown, clean-up, the busybox rootfs. */
final class Engine {
    private static Path rootfs;

    private Engine() {}

    /** Waits until {@code probe} succeeds; fails with the daemon's log when it exits or never answers. */
    static void awaitAnswer(String name, Process process, Path log, Duration limit, Runnable probe) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue()
                        + " (hack/test.sh installs containerd, runc and docker.io); its log:\n" + tail(log));
            }
            try {
                probe.run();
                return;
            } catch (RuntimeException e) {
                last = e;
                sleep(100);
            }
        }
        terminate(process);
        throw new IllegalStateException(name + " did not answer within " + limit + ": "
                + (last == null ? "" : last.getMessage()) + "; its log:\n" + tail(log));
    }

    static void terminate(Process process) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** containerd's shims outlive it; those of our containerd (and only those) are ended. */
    static void killShimsOf(Path containerdSocket) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim")
                        && c.contains(containerdSocket.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** A busybox rootfs for containers: /bin/busybox from busybox-static, and the applets we run. */
    static synchronized Path busyboxRootfs() {
        if (rootfs == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target/engines/rootfs").toAbsolutePath());
                for (String sub : List.of("bin", "proc", "sys", "dev", "etc", "tmp")) {
                    Files.createDirectories(dir.resolve(sub));
                }
                Path busybox = Path.of("/bin/busybox");
                if (!Files.exists(busybox)) {
                    throw new IllegalStateException("no /bin/busybox: hack/test.sh installs busybox-static");
                }
                Files.copy(busybox, dir.resolve("bin/busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                for (String applet : List.of("sh", "sleep")) {
                    Files.deleteIfExists(dir.resolve("bin").resolve(applet));
                    Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
                }
                rootfs = dir;
            } catch (IOException e) {
                throw new IllegalStateException("cannot build the busybox rootfs: " + e.getMessage(), e);
            }
        }
        return rootfs;
    }

    /** Deletes {@code dir}, first detaching what an engine left mounted in it (dockerd's netns/default, for one). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        String prefix = dir.toAbsolutePath().normalize() + "/";
        List<String> mountPoints = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(line -> line.split(" ")[4]).filter(point -> point.startsWith(prefix))
                .sorted(Comparator.reverseOrder()).toList();
        for (String point : mountPoints) {
            new ProcessBuilder("umount", "-l", point).inheritIO().start().onExit().join();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
