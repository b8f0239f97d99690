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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs per-process and per-namespace work on every core, within a deadline. Discovery is bound by
 * syscalls into procfs and nsfs, which scale with cores; workers only compute results, one thread
 * merges them, so the builder needs no locks.
 *
 * <p>A syscall on something a tenant controls can block for as long as the tenant likes (a lookup
 * in a FUSE file system that never answers, a named pipe opened by mistake). So a call waits for
 * its workers only until its deadline. The item a worker is still on then is given up on; the items
 * queued behind it get a second round on fresh workers within the same deadline; everything else is
 * kept. The stuck worker is left behind (a thread blocked in the kernel cannot be stopped); should it
 * come back, its late result is discarded (closing what it holds), and while it stays stuck its item
 * is skipped in later discoveries, so one trap holds at most one thread. An item whose work throws is
 * given up on alone.
 */
final class Parallel {
    /** Workers: the cores, or the {@code lxkns.parallelism} system property. */
    static final int PARALLELISM = Math.max(1,
            Integer.getInteger("lxkns.parallelism", Runtime.getRuntime().availableProcessors()));
    /** Items per task: small enough to spread, large enough that handing over costs little. */
    private static final int CHUNK = 16;
    private static final Object PENDING = new Object();

    /** Keys of the items a worker is stuck on right now. */
    private static final Set<Object> STUCK = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile ExecutorService workers = newWorkers();

    private Parallel() {}

    /**
     * {@code work} applied to each item, results in the order of {@code items}, by {@code deadline}
     * ({@link System#nanoTime()}). An item given up on (see the class comment) gets {@code
     * gaveUp.apply(item, why)} instead; a result that comes too late goes to {@code discard}.
     *
     * @param key identifies an item across discoveries (a pid and start time, a namespace id)
     */
    static <T, R> List<R> map(List<T> items, Function<T, R> work, Function<T, Object> key,
            BiFunction<T, String, R> gaveUp, Consumer<R> discard, long deadline) {
        Run<T, R> run = new Run<>(items, work, key, gaveUp, discard);
        List<Integer> todo = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            todo.add(i);
        }
        long start = System.nanoTime();
        // A first round, and the rest of the time for what waited behind a stuck item.
        long firstRound = start + Math.max(0, deadline - start) * 3 / 4;
        todo = run.round(todo, firstRound);
        if (!todo.isEmpty()) {
            run.round(todo, deadline);
        }
        String why = deadline <= start ? "skipped: the discovery's time budget is spent"
                : "no answer within " + Duration.ofNanos(deadline - start).toSeconds() + " s (something it reads"
                        + " hangs, such as a file system that does not answer); given up on";
        List<R> list = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (run.results.get(i) == PENDING) { // gaveUp has effects (a warning): only for what is given up
                run.results.compareAndSet(i, PENDING, gaveUp.apply(items.get(i), why));
            }
            @SuppressWarnings("unchecked")
            R result = (R) run.results.get(i);
            list.add(result);
        }
        return list;
    }

    /** One call's items and what has become of each. */
    private static final class Run<T, R> {
        final List<T> items;
        final Function<T, R> work;
        final Function<T, Object> key;
        final BiFunction<T, String, R> gaveUp;
        final Consumer<R> discard;
        final AtomicReferenceArray<Object> results;
        /** 1 once a worker has taken an item: no item is ever worked on twice. */
        final AtomicIntegerArray taken;

        Run(List<T> items, Function<T, R> work, Function<T, Object> key, BiFunction<T, String, R> gaveUp,
                Consumer<R> discard) {
            this.items = items;
            this.work = work;
            this.key = key;
            this.gaveUp = gaveUp;
            this.discard = discard;
            this.results = new AtomicReferenceArray<>(items.size());
            this.taken = new AtomicIntegerArray(items.size());
            for (int i = 0; i < items.size(); i++) {
                results.set(i, PENDING);
            }
        }

        /** Works on {@code todo} until done or {@code deadline}; returns the items no worker took. */
        List<Integer> round(List<Integer> todo, long deadline) {
            if (todo.isEmpty() || System.nanoTime() >= deadline) {
                return todo;
            }
            AtomicBoolean abandoned = new AtomicBoolean();
            List<AtomicInteger> current = new ArrayList<>();
            List<Future<?>> futures = new ArrayList<>();
            ExecutorService pool = workers;
            for (int start = 0; start < todo.size(); start += CHUNK) {
                List<Integer> chunk = todo.subList(start, Math.min(todo.size(), start + CHUNK));
                AtomicInteger on = new AtomicInteger(-1);
                current.add(on);
                futures.add(submit(() -> work(chunk, on, abandoned)));
            }
            if (finishedBy(futures, deadline)) {
                return List.of();
            }
            abandoned.set(true);
            for (AtomicInteger on : current) {
                int stuck = on.get();
                if (stuck >= 0) {
                    Object itemKey = key.apply(items.get(stuck));
                    STUCK.add(itemKey);
                    if (on.get() != stuck) {
                        STUCK.remove(itemKey); // it came back meanwhile, and may have missed our add
                    }
                }
            }
            // The stuck threads stay blocked; fresh ones serve the next round and the next stages.
            replaceWorkers(pool);
            List<Integer> untaken = new ArrayList<>();
            for (int i : todo) {
                if (taken.get(i) == 0) {
                    untaken.add(i);
                }
            }
            return untaken;
        }

        private void work(List<Integer> chunk, AtomicInteger on, AtomicBoolean abandoned) {
            for (int i : chunk) {
                if (abandoned.get() || !taken.compareAndSet(i, 0, 1)) {
                    return;
                }
                T item = items.get(i);
                Object itemKey = key.apply(item);
                if (STUCK.contains(itemKey)) {
                    results.compareAndSet(i, PENDING, gaveUp.apply(item,
                            "skipped: a worker has been stuck on it since an earlier discovery"));
                    continue;
                }
                on.set(i);
                R result;
                try {
                    result = work.apply(item);
                } catch (RuntimeException e) {
                    result = gaveUp.apply(item, "failed: " + e);
                } finally {
                    on.set(-1);
                    STUCK.remove(itemKey); // back at last: later discoveries may try it again
                }
                if (!results.compareAndSet(i, PENDING, result)) {
                    discard.accept(result); // too late: given up on already
                }
            }
        }
    }

    /** Submits to the current workers; where they were just replaced, to the new ones. */
    private static Future<?> submit(Runnable task) {
        while (true) {
            try {
                return workers.submit(task);
            } catch (RejectedExecutionException e) {
                // another discovery replaced the workers after a timeout: take the new ones
            }
        }
    }

    private static synchronized void replaceWorkers(ExecutorService stuck) {
        if (workers == stuck) {
            workers = newWorkers();
        }
        stuck.shutdown();
    }

    private static boolean finishedBy(List<Future<?>> futures, long deadline) {
        for (Future<?> future : futures) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("a discovery worker failed outside its items", e.getCause());
            }
        }
        return true;
    }

    private static ExecutorService newWorkers() {
        return Executors.newFixedThreadPool(PARALLELISM, runnable -> {
            Thread thread = new Thread(runnable, "lxkns-discovery-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
