package io.lxkns.agent.publish;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's NodeNamespaces, and only when it should: when its content hash changed and
 * the (jittered) minimum interval has passed, or when the slow refresh is due. The agent is the only
 * writer of its node's object; no server-side apply is used: create, update metadata, replace the
 * status through the status subresource.
 *
 * <p>API failures: 404 creates, 409 re-reads and retries, anything else (410, 5xx, a refused
 * connection) backs off exponentially with jitter; discovery goes on meanwhile and {@link #healthy}
 * is false until a write succeeds.
 */
public final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    private static final int CONFLICT_RETRIES = 3;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** What one call of {@link #publish} did. */
    public enum Outcome {
        /** The object was written. */
        WRITTEN,
        /** Nothing changed and no refresh is due: nothing written. */
        UNCHANGED,
        /** Something changed, but the minimum interval since the last write has not passed. */
        DEFERRED,
        /** An earlier failure's backoff has not passed: not tried. */
        BACKING_OFF,
        /** The write failed; it is retried after a backoff. */
        FAILED,
        /**
         * There is no Node of this name: nothing is written, since the operator deletes a
         * NodeNamespaces whose Node is gone and the two would take turns; retried after a backoff.
         */
        NO_NODE
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    private final Duration minInterval;
    private final Duration refresh;
    private final DoubleSupplier random;

    private String lastHash;
    private Instant nextWriteAllowed = Instant.MIN;
    private Instant retryAt = Instant.MIN;
    // Read by the probes' threads without the lock: a publish may hold it for a slow API call.
    private volatile Instant lastWrite;
    private volatile int failures;
    private volatile String lastError;

    public Publisher(KubernetesClient client, String nodeName, Clock clock, Duration minInterval, Duration refresh,
            DoubleSupplier random) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
        this.minInterval = minInterval;
        this.refresh = refresh;
        this.random = random;
    }

    /** True once a write succeeded and no attempt since has failed. */
    public boolean healthy() {
        return lastWrite != null && failures == 0;
    }

    /** Why {@link #healthy} is false. */
    public String lastError() {
        return lastError != null ? lastError : lastWrite == null ? "not written yet" : null;
    }

    /**
     * How long until a write not made now ({@link Outcome#DEFERRED}, {@link Outcome#FAILED}, {@link
     * Outcome#BACKING_OFF}, {@link Outcome#NO_NODE}) may be tried again; zero or less: now.
     */
    public synchronized Duration untilNextWrite() {
        Instant next = failures > 0 ? retryAt : nextWriteAllowed;
        return Duration.between(clock.instant(), next);
    }

    /** Writes {@code report} (its metadata and status) if it should; see the class comment. */
    public synchronized Outcome publish(NodeNamespaces report) {
        NodeNamespacesStatus status = report.getStatus();
        Instant now = clock.instant();
        if (now.isBefore(retryAt)) {
            return Outcome.BACKING_OFF;
        }
        String hash = ContentHash.of(status);
        if (lastWrite != null && failures == 0) {
            boolean refreshDue = !now.isBefore(lastWrite.plus(refresh));
            if (hash.equals(lastHash) && !refreshDue) {
                return Outcome.UNCHANGED;
            }
            if (!refreshDue && now.isBefore(nextWriteAllowed)) {
                return Outcome.DEFERRED;
            }
        }
        try {
            if (!write(report)) {
                return failed(now, "there is no Node named " + nodeName + ": its NodeNamespaces is not written (the"
                        + " operator would delete it); is NODE_NAME right?", Outcome.NO_NODE);
            }
        } catch (KubernetesClientException e) {
            return failed(now, describe(e), Outcome.FAILED);
        } catch (RuntimeException e) {
            // Not the API server's answer (serialization, a client bug): still only this write failed.
            return failed(now, e.toString(), Outcome.FAILED);
        }
        if (failures > 0) {
            LOG.info("writing NodeNamespaces/{} works again", nodeName);
        }
        failures = 0;
        lastError = null;
        lastHash = hash;
        lastWrite = now;
        nextWriteAllowed = now.plus(jittered(minInterval));
        return Outcome.WRITTEN;
    }

    private Outcome failed(Instant now, String error, Outcome outcome) {
        failures++;
        lastError = error;
        Duration backoff = backoff();
        retryAt = now.plus(backoff);
        LOG.warn("writing NodeNamespaces/{} failed ({}); retrying in {} s", nodeName, lastError, backoff.toSeconds());
        return outcome;
    }

    /** Writes the report; false when there is no Node to own it, and nothing was written. */
    private boolean write(NodeNamespaces report) {
        for (int attempt = 1; ; attempt++) {
            try {
                Resource<NodeNamespaces> resource = client.resources(NodeNamespaces.class).withName(nodeName);
                NodeNamespaces current = resource.get();
                List<OwnerReference> owners = ownerReferences();
                if (owners == null) {
                    return false;
                }
                if (current == null) {
                    NodeNamespaces fresh = new NodeNamespaces();
                    fresh.setMetadata(new ObjectMetaBuilder(report.getMetadata()).withOwnerReferences(owners).build());
                    current = client.resource(fresh).create();
                } else if (!owners.equals(current.getMetadata().getOwnerReferences())) {
                    // The Node was recreated under the same name: point at the new one.
                    current.getMetadata().setOwnerReferences(owners);
                    current = client.resource(current).update();
                }
                NodeNamespacesStatus previous = current.getStatus();
                current.setStatus(keepTransitionTimes(previous, report.getStatus()));
                // A PUT of the whole status, not a merge patch: a merge patch cannot empty a list
                // (a list that became empty is omitted and the old one stays). The resourceVersion
                // from the read makes a concurrent change a 409, which is re-read and retried.
                client.resource(current).updateStatus();
                return true;
            } catch (KubernetesClientException e) {
                boolean retry = (e.getCode() == 409 || e.getCode() == 404) && attempt < CONFLICT_RETRIES;
                if (!retry) {
                    throw e;
                }
                LOG.debug("NodeNamespaces/{}: {} on attempt {}, re-reading", nodeName, e.getCode(), attempt);
            }
        }
    }

    /**
     * An owner reference to this node's Node object, read afresh each write so that a Node
     * recreated under the same name (a new UID) is followed. Null when there is no such Node.
     */
    private List<OwnerReference> ownerReferences() {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            return null;
        }
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("Node").withName(nodeName).withUid(node.getMetadata().getUid())
                .withBlockOwnerDeletion(false).withController(false)
                .build());
    }

    /**
     * Watches this node's object; when someone deletes it, the next publish writes it again at once
     * (not at the next refresh), and {@code trigger} asks for that publish now. A watch that cannot
     * be made, or that ends, is made again in the background, with backoff: it never stops the agent.
     */
    public AutoCloseable watchDeletion(Runnable trigger) {
        DeletionWatch watch = new DeletionWatch(trigger);
        watch.connect(); // the first try here, so that a watch that can be made is there on return
        Thread again = new Thread(watch::reconnect, "lxkns-deletion-watch");
        again.setDaemon(true);
        again.start();
        return () -> {
            watch.closed = true;
            again.interrupt();
            watch.closeCurrent();
        };
    }

    private final class DeletionWatch {
        private final Runnable trigger;
        private volatile boolean closed;
        private volatile Watch current;
        private final java.util.concurrent.Semaphore ended = new java.util.concurrent.Semaphore(0);

        DeletionWatch(Runnable trigger) {
            this.trigger = trigger;
        }

        void connect() {
            try {
                current = client.resources(NodeNamespaces.class).withName(nodeName).watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, NodeNamespaces resource) {
                        if (action == Action.DELETED) {
                            LOG.info("NodeNamespaces/{} was deleted; writing it again", nodeName);
                            forgetLastWrite();
                            trigger.run();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        LOG.warn("watching NodeNamespaces/{} ended ({}); watching again", nodeName, cause.getMessage());
                        ended.release();
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("cannot watch NodeNamespaces/{} ({}); a deletion is noticed at the next refresh until it"
                        + " can", nodeName, e.getMessage());
                ended.release();
            }
        }

        /** Makes the watch again whenever it ended, waiting longer each time it failed at once. */
        void reconnect() {
            long backoff = 1;
            while (!closed) {
                try {
                    ended.acquire();
                    Thread.sleep(TimeUnit.SECONDS.toMillis(backoff));
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) {
                    connect();
                    backoff = ended.availablePermits() > 0 ? Math.min(60, backoff * 2) : 1;
                }
            }
        }

        void closeCurrent() {
            Watch watch = current;
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** The next publish writes, whatever it writes. */
    synchronized void forgetLastWrite() {
        lastHash = null;
        nextWriteAllowed = Instant.MIN;
    }

    /** A condition keeps its transition time while its status stays the same (Kubernetes convention). */
    static NodeNamespacesStatus keepTransitionTimes(NodeNamespacesStatus previous, NodeNamespacesStatus next) {
        return previous == null ? next
                : next.withConditions(Conditions.keepTransitionTimes(previous.conditions(), next.conditions()));
    }

    private Duration backoff() {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(failures, 8));
        return jittered(Duration.ofSeconds(seconds));
    }

    /** Up to 10 % more, so that the agents of many nodes spread their writes. */
    private Duration jittered(Duration base) {
        return base.plusMillis((long) (base.toMillis() * 0.1 * random.getAsDouble()));
    }

    private static String describe(KubernetesClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "") + (root.getMessage() == null ? root : root.getMessage());
    }
}
