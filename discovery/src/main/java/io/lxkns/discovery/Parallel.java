package io.lxkns.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs per-process and per-namespace work on every core, within a deadline. Discovery is bound by
 * syscalls into procfs and nsfs, which scale with cores; workers only compute results, one thread
 * merges them, so the builder needs no locks.
 *
 * <p>A syscall on something a tenant controls can block for as long as the tenant likes (a lookup
 * in a FUSE file system that never answers). So a stage waits for its workers only until its
 * deadline: an item still running then is given up on, and so are the items its worker had not
 * reached; everything else is kept. The stuck worker is left behind (a thread blocked in the kernel
 * cannot be stopped) and new workers take over. While it stays stuck, its item is skipped in later
 * discoveries, so one trap holds at most one thread.
 */
final class Parallel {
    /** Workers: the cores, or the {@code lxkns.parallelism} system property. */
    static final int PARALLELISM = Math.max(1,
            Integer.getInteger("lxkns.parallelism", Runtime.getRuntime().availableProcessors()));
    /** How long one stage may take; the {@code lxkns.stageTimeoutMillis} system property changes it. */
    static final Duration STAGE_DEADLINE = Duration.ofMillis(Long.getLong("lxkns.stageTimeoutMillis", 10_000));
    /** Items per task: small enough to spread, large enough that handing over costs little. */
    private static final int CHUNK = 16;
    private static final Object PENDING = new Object();

    /** Keys of the items a worker is stuck on right now. */
    private static final Set<Object> STUCK = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile ExecutorService workers = newWorkers();

    private Parallel() {}

    /**
     * {@code work} applied to each item, results in the order of {@code items}. An item given up on
     * (see the class comment) gets {@code gaveUp.apply(item, why)} instead.
     *
     * @param key identifies an item across discoveries (a pid and start time, a namespace id)
     */
    static <T, R> List<R> map(List<T> items, Function<T, R> work, Function<T, Object> key,
            BiFunction<T, String, R> gaveUp) {
        int count = items.size();
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(count);
        for (int i = 0; i < count; i++) {
            results.set(i, PENDING);
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        List<Chunk> chunks = new ArrayList<>();
        List<Future<?>> futures = new ArrayList<>();
        ExecutorService pool = workers;
        for (int start = 0; start < count; start += CHUNK) {
            Chunk chunk = new Chunk(start, Math.min(count, start + CHUNK));
            chunks.add(chunk);
            futures.add(pool.submit(() -> chunk.run(items, work, key, gaveUp, results, abandoned)));
        }
        long deadline = System.nanoTime() + STAGE_DEADLINE.toNanos();
        boolean late = false;
        for (Future<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                late = true;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                late = true;
                break;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a discovery worker failed", e.getCause());
            }
        }
        if (late) {
            abandoned.set(true);
            for (Chunk chunk : chunks) {
                int stuck = chunk.current.get();
                if (stuck >= 0) {
                    STUCK.add(key.apply(items.get(stuck)));
                }
            }
            String why = "no answer within " + STAGE_DEADLINE.toSeconds() + " s (something it reads hangs, such as"
                    + " a file system that does not answer); given up on";
            for (int i = 0; i < count; i++) {
                results.compareAndSet(i, PENDING, gaveUp.apply(items.get(i), why));
            }
            // The stuck threads stay blocked; fresh ones serve the next stages.
            workers = newWorkers();
            pool.shutdown();
        }
        List<R> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            @SuppressWarnings("unchecked")
            R result = (R) results.get(i);
            list.add(result);
        }
        return list;
    }

    /** A run of items one worker does in order; {@link #current} is the one it is on (-1: none). */
    private static final class Chunk {
        final int start;
        final int end;
        final AtomicInteger current = new AtomicInteger(-1);

        Chunk(int start, int end) {
            this.start = start;
            this.end = end;
        }

        <T, R> void run(List<T> items, Function<T, R> work, Function<T, Object> key, BiFunction<T, String, R> gaveUp,
                AtomicReferenceArray<Object> results, AtomicBoolean abandoned) {
            for (int i = start; i < end && !abandoned.get(); i++) {
                T item = items.get(i);
                Object itemKey = key.apply(item);
                if (STUCK.contains(itemKey)) {
                    results.compareAndSet(i, PENDING, gaveUp.apply(item,
                            "skipped: a worker has been stuck on it since an earlier discovery"));
                    continue;
                }
                current.set(i);
                try {
                    results.compareAndSet(i, PENDING, work.apply(item));
                } finally {
                    current.set(-1);
                    STUCK.remove(itemKey); // back at last: later discoveries may try it again
                }
            }
        }
    }

    private static ExecutorService newWorkers() {
        return Executors.newFixedThreadPool(PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, "lxkns-discovery-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
