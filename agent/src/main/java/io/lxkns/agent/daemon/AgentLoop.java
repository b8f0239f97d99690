package io.lxkns.agent.daemon;

import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.agent.report.NodeReport;
import io.lxkns.agent.report.SizeCap;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.support.Daemons;
import io.lxkns.support.http.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers on an interval and soon after an engine reports a change (debounced), and publishes.
 * One thread does all of it, so discoveries never overlap. A failure is logged and the loop goes on.
 */
public final class AgentLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    /**
     * How long after an engine event the discovery waits for more: a container's start is a few
     * events within about 0.1 s. 1 s made a started container visible after 1.0 s (median, docker
     * run included); the goal is 1 s in all.
     */
    private static final Duration DEBOUNCE = Duration.ofMillis(250);
    private static final int STALE_AFTER_INTERVALS = 3;

    private final String nodeName;
    private final String agentVersion;
    private final Duration interval;
    private final int maxBytes;
    private final NodeObserver observer;
    private final Publisher publisher;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Daemons.named("lxkns-agent-loop"));
    private final AtomicBoolean triggered = new AtomicBoolean();
    private final AtomicBoolean deferred = new AtomicBoolean();
    private final Instant started;
    private volatile Instant lastLoop;
    private volatile Instant lastDiscovery;
    private volatile NodeView latest;
    private volatile Throwable stoppedBy;

    public AgentLoop(String nodeName, String agentVersion, Duration interval, int maxBytes,
            NodeObserver observer, Publisher publisher, Clock clock, AgentMetrics metrics) {
        this.nodeName = nodeName;
        this.agentVersion = agentVersion;
        this.interval = interval;
        this.maxBytes = maxBytes;
        this.observer = observer;
        this.publisher = publisher;
        this.clock = clock;
        this.metrics = metrics;
        this.started = clock.instant();
    }

    public AgentLoop start() {
        executor.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a discovery soon; several triggers within {@link #DEBOUNCE} make one discovery. */
    public void trigger() {
        if (!triggered.getAndSet(true)) {
            executor.schedule(() -> {
                triggered.set(false);
                runOnce();
            }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One discovery and publish; public for tests and for the first run. */
    public void runOnce() {
        Instant now = clock.instant();
        lastLoop = now;
        try {
            long start = System.nanoTime();
            NodeView view = observer.observe();
            metrics.discovered(view.discovery(), System.nanoTime() - start);
            metrics.engines(view.engines());
            latest = view;
            lastDiscovery = now;
            NodeNamespaces report = NodeReport.build(view, nodeName, agentVersion, maxBytes, now);
            Publisher.Outcome outcome = publisher.publish(report);
            metrics.published(outcome, SizeCap.size(report));
            if (outcome != Publisher.Outcome.WRITTEN && outcome != Publisher.Outcome.UNCHANGED) {
                // A change not written waits for the minimum write interval or the backoff, not
                // for the next discovery.
                runAfter(publisher.untilNextWrite());
            }
            if (LOG.isDebugEnabled()) {
                StringBuilder stages = new StringBuilder();
                view.discovery().stageDurations().forEach((stage, took) ->
                        stages.append(' ').append(stage).append('=').append(took.toMillis()).append("ms"));
                LOG.debug("discovered {} namespaces and {} containers in {} ms ({}), {} warnings; publish: {}",
                        view.discovery().namespaces().size(), view.containers().size(),
                        view.discovery().duration().toMillis(), stages.toString().strip(),
                        view.discovery().warnings().size(), outcome);
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Whatever went wrong this time, the schedule must go on: an exception escaping a
            // scheduled task would end it without a word.
            metrics.failed();
            LOG.error("discovery and publish failed; the next interval tries again", e);
        } catch (VirtualMachineError e) {
            // Out of memory or alike: no use going on. Liveness says so, and the kubelet restarts us.
            stoppedBy = e;
            LOG.error("the agent loop stops", e);
            throw e;
        }
    }

    /** One extra run after {@code delay}, however many ask; none if that is an interval or more away. */
    private void runAfter(Duration delay) {
        if (delay.compareTo(interval) < 0 && !executor.isShutdown() && !deferred.getAndSet(true)) {
            executor.schedule(() -> {
                deferred.set(false);
                runOnce();
            }, Math.max(0, delay.toMillis()) + 10, TimeUnit.MILLISECONDS); // +10: never a hair early
        }
    }

    /** The newest node view, for /api/v1/discovery; null before the first discovery. */
    public NodeView latest() {
        return latest;
    }

    /** Alive: the loop has run within three intervals (or has just started). */
    public Health liveness() {
        if (stoppedBy != null) {
            return new Health(false, "the loop stopped: " + stoppedBy);
        }
        Instant reference = lastLoop == null ? started : lastLoop;
        boolean ok = !clock.instant().isAfter(reference.plus(interval.multipliedBy(STALE_AFTER_INTERVALS)));
        return new Health(ok, ok ? "loop alive" : "the loop has not run since " + reference);
    }

    /** Ready: the last discovery is recent, and the object was written with no failure since. */
    public Health readiness() {
        Instant now = clock.instant();
        if (lastDiscovery == null || now.isAfter(lastDiscovery.plus(interval.multipliedBy(STALE_AFTER_INTERVALS)))) {
            return new Health(false, lastDiscovery == null ? "no discovery yet" : "last discovery at " + lastDiscovery);
        }
        if (!publisher.healthy()) {
            return new Health(false, "NodeNamespaces not written: " + publisher.lastError());
        }
        return new Health(true, "discovered at " + lastDiscovery);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
