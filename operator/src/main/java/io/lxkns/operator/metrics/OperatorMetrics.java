package io.lxkns.operator.metrics;

import io.lxkns.crds.ClusterNamespacesStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Findings by type and severity, nodes by state, reconcile durations, Events raised. */
public final class OperatorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer reconcile = Timer.builder("lxkns.operator.reconcile.duration")
            .description("Time of one reconcile of the whole cluster").register(registry);
    private final Counter events = Counter.builder("lxkns.operator.events")
            .description("Warning Events raised on pods").register(registry);
    private final MultiGauge findings = MultiGauge.builder("lxkns.operator.findings")
            .description("Findings by type and severity").register(registry);
    private final MultiGauge nodes = MultiGauge.builder("lxkns.operator.nodes")
            .description("Nodes by state: reporting, stale, missing").register(registry);
    private final AtomicLong reconciles = new AtomicLong();

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** How many reconciles this instance ran (a standby runs none). */
    public long reconciles() {
        return reconciles.get();
    }

    public void reconciled(ClusterNamespacesStatus status, int eventsRaised, long nanos) {
        reconciles.incrementAndGet();
        reconcile.record(Duration.ofNanos(nanos));
        events.increment(eventsRaised);
        Map<List<String>, Integer> byTypeAndSeverity = new HashMap<>();
        status.findings().forEach(f -> byTypeAndSeverity.merge(List.of(f.type(), f.severity()), 1, Integer::sum));
        // The list is bounded; the counts per type are complete, so types beyond the list count too.
        status.findingCounts().forEach((type, count) -> {
            boolean listed = byTypeAndSeverity.keySet().stream().anyMatch(k -> k.get(0).equals(type));
            if (!listed) {
                byTypeAndSeverity.put(List.of(type, "unlisted"), count);
            }
        });
        findings.register(byTypeAndSeverity.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("type", e.getKey().get(0), "severity", e.getKey().get(1)), e.getValue()))
                .toList(), true);
        nodes.register(List.of(
                MultiGauge.Row.of(Tags.of("state", "reporting"), status.nodes().reporting()),
                MultiGauge.Row.of(Tags.of("state", "stale"), status.nodes().stale()),
                MultiGauge.Row.of(Tags.of("state", "missing"), status.nodes().missing())), true);
    }
}
