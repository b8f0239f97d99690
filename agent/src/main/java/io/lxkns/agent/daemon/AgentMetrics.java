package io.lxkns.agent.daemon;

import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's Prometheus metrics. */
public final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer discoveryDuration = Timer.builder("lxkns.discovery.duration")
            .description("Time of one full discovery, engines included").register(registry);
    private final Counter publishErrors = Counter.builder("lxkns.publish.errors")
            .description("Failed writes of the NodeNamespaces object").register(registry);
    private final MultiGauge namespaces = MultiGauge.builder("lxkns.namespaces")
            .description("Namespaces on this node by type, the host's included").register(registry);
    private final MultiGauge engineUp = MultiGauge.builder("lxkns.engine.up")
            .description("1 when a container engine answers, 0 when not").register(registry);
    private final Counter loopFailures = Counter.builder("lxkns.loop.failures")
            .description("Discover-and-publish cycles that failed with an unexpected error").register(registry);
    private final AtomicLong statusBytes = registry.gauge("lxkns.status.bytes", new AtomicLong());

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    void discovered(DiscoveryResult result, long nanos) {
        discoveryDuration.record(java.time.Duration.ofNanos(nanos));
        namespaces.register(java.util.Arrays.stream(NamespaceType.values())
                .map(type -> MultiGauge.Row.of(Tags.of("type", type.procName()), result.namespacesOf(type).size()))
                .toList(), true);
    }

    void failed() {
        loopFailures.increment();
    }

    void engines(List<EngineSnapshot> engines) {
        engineUp.register(engines.stream()
                .map(e -> MultiGauge.Row.of(Tags.of("engine", e.engine().label(), "endpoint", e.endpoint()), e.up() ? 1 : 0))
                .toList(), true);
    }

    void published(Publisher.Outcome outcome, int bytes) {
        Counter.builder("lxkns.publishes").description("Publish decisions by outcome")
                .tag("outcome", outcome.name().toLowerCase()).register(registry).increment();
        if (outcome == Publisher.Outcome.FAILED) {
            publishErrors.increment();
        }
        statusBytes.set(bytes);
    }
}
