package io.lxkns.discovery;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;

/**
 * Runs per-process and per-namespace work on every core. Discovery is bound by syscalls into procfs
 * and nsfs, which scale with cores; workers only compute results, one thread merges them, so the
 * builder needs no locks. Small inputs stay on the calling thread.
 */
final class Parallel {
    private static final int SEQUENTIAL_BELOW = 64;
    /** Workers: the cores, or the {@code lxkns.parallelism} system property. */
    static final int PARALLELISM = Integer.getInteger("lxkns.parallelism", Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, PARALLELISM), pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("lxkns-discovery-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, false);

    private Parallel() {}

    /** {@code work} applied to each item, results in the order of {@code items}. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        return map(items, work, SEQUENTIAL_BELOW);
    }

    /** As {@link #map(List, Function)}, for items heavy enough to spread from {@code threshold} on. */
    static <T, R> List<R> map(List<T> items, Function<T, R> work, int threshold) {
        if (items.size() < threshold || POOL.getParallelism() < 2) {
            return items.stream().map(work).toList();
        }
        return POOL.submit(() -> items.parallelStream().map(work).toList()).join();
    }
}
