package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.testing.Root;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Processes exit mid-scan all the time on a real host; discovery must shrug that off. */
class ChurnIT {

    @Test
    void processesExitingDuringDiscoveryCauseNoFailure() throws Exception {
        Root.require();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger spawned = new AtomicInteger();
        List<Throwable> churnErrors = new ArrayList<>();
        Thread churn = new Thread(() -> {
            List<Process> alive = new ArrayList<>();
            try {
                while (!stop.get() || spawned.get() < 300) {
                    // Some in their own namespaces, so namespaces vanish too, not just processes.
                    String[] command = spawned.get() % 3 == 0
                            ? new String[] {"unshare", "--net", "--uts", "sleep", "30"}
                            : new String[] {"sleep", "30"};
                    alive.add(new ProcessBuilder(command).start());
                    spawned.incrementAndGet();
                    if (alive.size() > 20) {
                        alive.remove(0).destroyForcibly();
                    }
                }
            } catch (IOException e) {
                synchronized (churnErrors) {
                    churnErrors.add(e);
                }
            } finally {
                alive.forEach(Process::destroyForcibly);
                for (Process process : alive) {
                    try {
                        process.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }, "churn");
        churn.start();
        int discoveries = 0;
        long vanished = 0;
        try {
            while (spawned.get() < 300 || discoveries < 10) {
                DiscoveryResult result = Discovery.discover();
                assertThat(result.processes()).containsKey(2);
                assertThat(result.initial()).isNotEmpty();
                vanished += result.warningCount(Warning.Kind.VANISHED);
                discoveries++;
            }
        } finally {
            stop.set(true);
            churn.join();
        }
        assertThat(churnErrors).isEmpty();
        assertThat(spawned.get()).isGreaterThanOrEqualTo(300);
        System.out.printf("churn: %d discoveries while %d processes came and went; %d vanished-process warnings%n",
                discoveries, spawned.get(), vanished);
    }
}
