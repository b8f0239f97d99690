package io.lxkns.discovery;

import io.lxkns.discovery.linux.Nsfs;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread of this JVM that has unshared some namespaces (a thread may unshare all but user and
 * mount) and waits; closing it ends it, and with it the namespaces.
 */
final class UnsharingThread implements AutoCloseable {
    private final Thread thread;
    private final CountDownLatch done;
    final int tid;

    private UnsharingThread(Thread thread, CountDownLatch done, int tid) {
        this.thread = thread;
        this.done = done;
        this.tid = tid;
    }

    static UnsharingThread start(int flags) throws InterruptedException {
        CountDownLatch unshared = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Nsfs.unshare(flags);
                outcome.set(StageHarness.currentTid());
            } catch (Exception e) {
                outcome.set(e);
            }
            unshared.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-unsharer");
        thread.setDaemon(true);
        thread.start();
        unshared.await();
        if (outcome.get() instanceof Integer tid) {
            return new UnsharingThread(thread, done, tid);
        }
        done.countDown();
        thread.join();
        throw new IllegalStateException("cannot unshare 0x" + Integer.toHexString(flags) + " in a thread",
                (Throwable) outcome.get());
    }

    @Override
    public void close() throws InterruptedException {
        done.countDown();
        thread.join();
    }
}
