package io.lxkns.discovery;

import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A dedicated platform thread parked inside a mount namespace that no process is in, so that its
 * mountinfo and its files can be read from outside through {@code /proc/self/task/TID/...}.
 *
 * <p>A JVM's threads share one fs_struct, and setns(CLONE_NEWNS) refuses a thread that shares it
 * (EINVAL), so the thread first unshares CLONE_FS. It does nothing but enter and park: after setns
 * its paths resolve in the other mount namespace, where our jar and /proc may not exist. The thread
 * is never pooled or reused; {@link #close} ends it.
 */
final class EnteredMountNamespace implements AutoCloseable {
    private static final Path SELF_TASKS = Path.of("/proc/self/task");

    private final Thread thread;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int tid;
    private volatile NativeCallException failure;

    private EnteredMountNamespace(int mountNamespaceFd) {
        thread = new Thread(() -> enterAndPark(mountNamespaceFd), "lxkns-mntns");
        thread.setDaemon(true);
    }

    /** Starts a thread in the mount namespace behind {@code fd}; the caller still owns {@code fd}. */
    static EnteredMountNamespace enter(int fd) throws NativeCallException, IOException {
        EnteredMountNamespace visitor = new EnteredMountNamespace(fd);
        visitor.thread.start();
        try {
            visitor.entered.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            visitor.close();
            throw new IOException("interrupted while entering a mount namespace", e);
        }
        if (visitor.failure != null) {
            visitor.close();
            throw visitor.failure;
        }
        return visitor;
    }

    /** The parked thread's {@code /proc/self/task/TID}: its {@code mountinfo}, its {@code root}. */
    Path taskDir() {
        return SELF_TASKS.resolve(Integer.toString(tid));
    }

    private void enterAndPark(int fd) {
        try {
            // Our TID must be read before setns: afterwards /proc may be another procfs or absent.
            String threadSelf = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            tid = Integer.parseInt(threadSelf.substring(threadSelf.lastIndexOf('/') + 1));
            Nsfs.join(List.of(fd), List.of(NamespaceType.MNT));
        } catch (NativeCallException e) {
            failure = e;
        } catch (IOException | RuntimeException e) {
            failure = new NativeCallException("reading /proc/thread-self: " + e.getMessage(), 0);
        }
        entered.countDown();
        if (failure != null) {
            return;
        }
        // Only close() ends the thread: its namespace must not go away under a reader.
        uninterruptibly(release::await);
    }

    @Override
    public void close() {
        release.countDown();
        uninterruptibly(thread::join);
    }

    interface Blocking {
        void run() throws InterruptedException;
    }

    /**
     * Waits through interrupts, then restores the interrupt flag for the caller to see: for a
     * thread that holds descriptors or sits in another namespace, which must end before we go on.
     */
    static void uninterruptibly(Blocking wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
