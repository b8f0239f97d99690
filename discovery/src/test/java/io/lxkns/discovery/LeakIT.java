package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Netns;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Discovery opens namespace descriptors, borrows sockets and parks threads in other mount
 * namespaces; none of that may outlive a discovery.
 */
class LeakIT {

    @Test
    void hundredDiscoveriesLeakNoThreadsAndNoDescriptors() throws Exception {
        Root.require();
        String netns = Sh.uniqueName("lxkns-leak");
        Sh.run("ip", "netns", "add", netns);
        try (ProcessLessMountNamespace mnt = ProcessLessMountNamespace.create();
                DatagramChannel socket = Netns.socketInNewNamespace()) {
            for (int i = 0; i < 10; i++) {
                Discovery.discover(); // warm-up: lazily opened JDK files and threads are not leaks
            }
            List<String> fdsBefore = entries("/proc/self/fd");
            int tasksBefore = entries("/proc/self/task").size();

            for (int i = 0; i < 100; i++) {
                DiscoveryResult result = Discovery.discover();
                assertThat(result.namespaces().values())
                        .anyMatch(ns -> ns.sources().contains(Source.SOCKET))
                        .anyMatch(ns -> ns.bindMounts().stream().anyMatch(m -> m.path().equals(mnt.innerNetns.toString())));
            }

            // JVM housekeeping threads (the process reaper) may end meanwhile; a leak is growth. The
            // discovery pool's workers (one per core) live on; the per-discovery mount namespace and
            // host-view threads must all be gone. A joined thread's kernel task may outlive the join
            // by a moment, so the count is given a second to settle; a leak would not.
            long settled = System.nanoTime() + 1_000_000_000L;
            while (entries("/proc/self/task").size() > tasksBefore && System.nanoTime() < settled) {
                Thread.sleep(20);
            }
            assertThat(entries("/proc/self/task").size()).as("threads").isLessThanOrEqualTo(tasksBefore);
            assertThat(Thread.getAllStackTraces().keySet()).as("mount namespace threads still alive")
                    .noneMatch(thread -> thread.getName().startsWith("lxkns-mntns"));
            assertThat(entries("/proc/self/fd")).as("file descriptors").containsExactlyInAnyOrderElementsOf(fdsBefore);
        } finally {
            Sh.run("ip", "netns", "delete", netns);
        }
    }

    private static List<String> entries(String dir) throws IOException {
        try (Stream<Path> list = Files.list(Path.of(dir))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
