package io.lxkns.operator.analysis;

import io.lxkns.support.Daemons;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The threads that analyse nodes: each node's analysis is independent ({@link NodeAnalysis}), and at
 * 5,000 nodes it is most of a reconcile's CPU, so it runs on up to {@link #MAX} cores (the chart
 * gives the operator a CPU request, no limit). The outcomes come back in the nodes' order, whichever
 * thread made each, so the result is the one a single thread gives.
 */
final class NodeThreads {
    /** A few: the analysis is bound by memory as much as by CPU, and the operator shares its node. */
    static final int MAX = Math.min(4, Runtime.getRuntime().availableProcessors());
    /** Slices per thread: nodes differ in size, and a thread that is done early takes another slice. */
    private static final int SLICES_PER_THREAD = 4;

    private static final ExecutorService THREADS = Executors.newFixedThreadPool(MAX, Daemons.numbered("lxkns-analysis"));

    private NodeThreads() {}

    /** {@code analysis} of each node, in the nodes' order, on up to {@code threads} threads (1: this one). */
    static <T> List<T> map(List<String> nodes, int threads, Function<String, T> analysis) {
        int slices = Math.min(nodes.size(), Math.min(threads, MAX) * SLICES_PER_THREAD);
        if (threads <= 1 || slices <= 1) {
            return nodes.stream().map(analysis).toList();
        }
        List<Future<List<T>>> parts = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            List<String> slice = nodes.subList(nodes.size() * i / slices, nodes.size() * (i + 1) / slices);
            parts.add(THREADS.submit(() -> slice.stream().map(analysis).toList()));
        }
        List<T> all = new ArrayList<>(nodes.size());
        for (Future<List<T>> part : parts) {
            all.addAll(join(part));
        }
        return all;
    }

    /** A slice's outcomes; what it threw, thrown here as the single thread would have. */
    private static <T> T join(Future<T> part) {
        try {
            return part.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing nodes", e);
        }
    }
}
