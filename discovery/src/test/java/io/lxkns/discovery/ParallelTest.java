package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A stage's deadline: what hangs is given up on, nothing else is lost, and a trap holds one thread. */
class ParallelTest {
    private static final Duration DEADLINE = Duration.ofMillis(400);

    private static long deadline() {
        return System.nanoTime() + DEADLINE.toNanos();
    }

    @Test
    void onlyTheItemThatHangsIsGivenUpOnAndItIsSkippedWhileItStaysStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String trap = "trap-" + System.nanoTime();
        List<String> items = IntStream.range(0, 100).mapToObj(i -> i == 3 ? trap : "item-" + i).toList();
        AtomicInteger givenUp = new AtomicInteger();
        List<String> discarded = new CopyOnWriteArrayList<>();
        try {
            List<String> first = Parallel.map(items, item -> {
                if (item.equals(trap)) {
                    await(release); // blocks like a read from a file system that never answers
                }
                return item.toUpperCase();
            }, item -> item, (item, why) -> {
                givenUp.incrementAndGet();
                return "gave up: " + why;
            }, discarded::add, deadline());

            assertThat(first).hasSize(100);
            assertThat(givenUp).as("told once, for the one item given up on").hasValue(1);
            assertThat(first.get(3)).startsWith("gave up: no answer within");
            // Everything queued behind the stuck item in its worker's batch had a second round.
            assertThat(first).filteredOn(r -> r.startsWith("gave up")).hasSize(1);
            assertThat(first.get(4)).isEqualTo("ITEM-4");

            long start = System.nanoTime();
            List<String> second = Parallel.map(items, item -> item.toUpperCase(), item -> item,
                    (item, why) -> "gave up: " + why, result -> { }, deadline());
            assertThat(second.get(3)).isEqualTo("gave up: skipped: a worker has been stuck on it since an earlier discovery");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for a known trap").isLessThan(DEADLINE);
        } finally {
            release.countDown();
        }
        // Back from its hang, the item is tried again.
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> third;
        do {
            third = Parallel.map(items, item -> item.toUpperCase(), item -> item, (item, why) -> "gave up", result -> { },
                    deadline());
        } while (third.get(3).startsWith("gave up") && System.nanoTime() < deadline);
        assertThat(third.get(3)).isEqualTo(trap.toUpperCase());
        assertThat(discarded).as("the late result, which may hold descriptors, is handed back").containsExactly(trap.toUpperCase());
    }

    @Test
    void anItemWhoseWorkThrowsIsGivenUpOnAloneAndASpentBudgetSkipsAll() {
        List<String> results = Parallel.map(List.of("a", "boom", "c"), item -> {
            if (item.equals("boom")) {
                throw new IllegalStateException("odd input");
            }
            return item;
        }, item -> item, (item, why) -> "gave up: " + why, result -> { }, deadline());
        assertThat(results).containsExactly("a", "gave up: failed: java.lang.IllegalStateException: odd input", "c");

        assertThat(Parallel.map(List.of("a"), item -> item, item -> item, (item, why) -> why, result -> { }, System.nanoTime() - 1))
                .containsExactly("skipped: the discovery's time budget is spent");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
