package io.lxkns.agent.engines;

import io.lxkns.support.Daemons;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one engine's containers current: lists them once, then follows the engine's event stream
 * and re-reads only the container an event names. When the engine goes away it is marked down,
 * logged once, and reconnected with exponential backoff (with jitter); a reconnect lists afresh.
 *
 * <p>All engine calls run on one daemon thread, so {@link #snapshot} never waits for an engine.
 */
public final class ContainerTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerTracker.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EngineClient client;
    private final ScheduledExecutorService worker;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private volatile List<Sandbox> sandboxes = List.of();
    /** A relist is queued: a burst of events that each need one is served by one. */
    private final AtomicBoolean relistQueued = new AtomicBoolean();
    private final AtomicLong relists = new AtomicLong();
    /** Identifies the current subscription; events of an older one are ignored. */
    private final AtomicInteger generation = new AtomicInteger();
    /** Open once the engine answered its first list, with containers or with an error. */
    private final CountDownLatch answered = new CountDownLatch(1);
    private volatile boolean up;
    private volatile boolean listed;
    private volatile String lastError;
    private volatile boolean closed;
    private Closeable subscription;
    private Duration backoff = MIN_BACKOFF;
    private volatile Runnable onChange = () -> { };

    public ContainerTracker(EngineClient client) {
        this.client = client;
        this.worker = Executors.newSingleThreadScheduledExecutor(Daemons.named("lxkns-" + client.engine() + "-tracker"));
    }

    /** Called (on the tracker's thread) after the known containers changed; must not block. */
    public ContainerTracker onChange(Runnable listener) {
        this.onChange = listener;
        return this;
    }

    /** Starts following the engine in the background. */
    public ContainerTracker start() {
        worker.execute(this::connect);
        return this;
    }

    /** What the tracker knows now; never blocks on the engine. */
    public EngineSnapshot snapshot() {
        return new EngineSnapshot(client.engine(), client.endpoint(), up, listed, lastError,
                List.copyOf(containers.values()), sandboxes);
    }

    /** Waits until the engine answered its first list (or failed to); false when it has not within the time. */
    public boolean awaitFirstAnswer(long timeout, TimeUnit unit) throws InterruptedException {
        return answered.await(timeout, unit);
    }

    /** How many full lists were made: one per (re)connect, and one per burst of CRI changes. */
    public long relists() {
        return relists.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        int current = generation.incrementAndGet();
        try {
            subscription = client.subscribe(new EngineClient.Listener() {
                @Override
                public void changed(String engineNamespace, String containerId) {
                    if (generation.get() != current || closed) {
                        return;
                    }
                    if (containerId != null) {
                        worker.execute(() -> refresh(current, engineNamespace, containerId));
                    } else if (relistQueued.compareAndSet(false, true)) {
                        worker.execute(() -> relist(current));
                    }
                }

                @Override
                public void failed(Throwable cause) {
                    if (generation.get() == current && !closed) {
                        worker.execute(() -> fail(current, cause));
                    }
                }
            });
            // Subscribed first, listed second: nothing that happens in between is missed.
            List<Container> all = listAll();
            if (!up) {
                LOG.info("{} at {}: following {} containers", client.engine(), client.endpoint(), all.size());
            }
            up = true;
            listed = true;
            lastError = null;
            backoff = MIN_BACKOFF;
            answered.countDown();
            onChange.run();
        } catch (EngineException | RuntimeException e) {
            fail(current, e);
        }
    }

    private List<Container> listAll() throws EngineException {
        relistQueued.set(false);
        List<Container> all = client.list();
        relists.incrementAndGet();
        Map<String, Container> listed = new HashMap<>();
        all.forEach(c -> listed.put(key(c.engineNamespace(), c.id()), c));
        // Never empty in between: a snapshot taken meanwhile must not see running pods as gone.
        containers.keySet().retainAll(listed.keySet());
        containers.putAll(listed);
        sandboxes = List.copyOf(client.sandboxes());
        return all;
    }

    private void relist(int current) {
        if (generation.get() != current || closed) {
            return;
        }
        try {
            listAll();
            onChange.run();
        } catch (EngineException | RuntimeException e) {
            fail(current, e);
        }
    }

    private void refresh(int current, String engineNamespace, String id) {
        if (generation.get() != current || closed) {
            return;
        }
        try {
            client.inspect(engineNamespace, id).ifPresentOrElse(
                    c -> containers.put(key(engineNamespace, id), c),
                    () -> containers.remove(key(engineNamespace, id)));
            onChange.run();
        } catch (EngineException | RuntimeException e) {
            fail(current, e);
        }
    }

    private void fail(int current, Throwable cause) {
        if (generation.get() != current || closed) {
            return;
        }
        generation.incrementAndGet(); // silences the broken subscription
        closeSubscription();
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (up || lastError == null) {
            LOG.warn("{} at {} is not reachable, retrying with backoff: {}", client.engine(), client.endpoint(), message);
        }
        up = false;
        lastError = message;
        answered.countDown();
        long delay = backoff.toMillis() + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        worker.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void closeSubscription() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (IOException | RuntimeException e) {
                // the stream is broken already
            }
            subscription = null;
        }
    }

    private static String key(String engineNamespace, String id) {
        return engineNamespace == null ? id : engineNamespace + "/" + id;
    }

    @Override
    public void close() {
        closed = true;
        generation.incrementAndGet();
        worker.execute(this::closeSubscription);
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.shutdownNow();
        client.close();
    }
}
