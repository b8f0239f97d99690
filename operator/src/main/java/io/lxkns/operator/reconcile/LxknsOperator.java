package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.Labels;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.metrics.OperatorMetrics;
import io.lxkns.operator.reports.ReportFormat;
import io.lxkns.operator.ui.UiState;
import io.lxkns.support.http.Health;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator: java-operator-sdk with server-side apply off, leader election on a Lease (only the
 * leader reconciles and writes), and the ClusterNamespaces singleton created by whoever leads.
 */
public final class LxknsOperator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LxknsOperator.class);

    /** The Lease that elects the leader; null runs without election (one instance only). */
    public record Lease(String name, String namespace, Duration duration, Duration renewDeadline, Duration retryPeriod) {
        public static Lease of(String name, String namespace) {
            return new Lease(name, namespace, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    private final Operator operator;
    private final KubernetesClient client;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final UiState ui;

    /** @param reports the policy reports to write besides ClusterNamespaces; null for none */
    public LxknsOperator(KubernetesClient client, ClusterAnalysis.Settings settings, Duration resync, String identity,
            Lease lease, OperatorMetrics metrics, ReportFormat reports) {
        this(client, settings, resync, identity, lease, metrics, reports, null);
    }

    /** @param ui where the UI's snapshot and the leader's name are kept; null without a UI */
    public LxknsOperator(KubernetesClient client, ClusterAnalysis.Settings settings, Duration resync, String identity,
            Lease lease, OperatorMetrics metrics, ReportFormat reports, UiState ui) {
        this.client = client;
        this.ui = ui;
        this.operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false);
            if (lease != null) {
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(lease.name(), lease.namespace(),
                        lease.duration(), lease.renewDeadline(), lease.retryPeriod(), identity,
                        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader), false));
            }
        });
        operator.register(new ClusterReconciler(client, settings, resync, identity, Clock.systemUTC(), metrics, reports,
                ui));
        if (lease == null) {
            leading.set(true);
            newLeader(identity);
        }
    }

    public LxknsOperator start() {
        operator.start();
        if (leading.get()) {
            ensureSingleton();
        }
        return this;
    }

    private void newLeader(String leader) {
        LOG.info("the leader is {}", leader);
        if (ui != null) {
            ui.leader(leader);
        }
    }

    /** What this instance last saw stops being brought up to date: the UI must not show it as current. */
    private void stoppedLeading() {
        leading.set(false);
        if (ui != null) {
            ui.clear();
        }
    }

    private void startedLeading() {
        leading.set(true);
        LOG.info("leading: reconciling ClusterNamespaces/{}", ClusterNamespaces.SINGLETON);
        ensureSingleton();
    }

    /** The singleton the reconciler works on; it has no spec, so creating it is all it takes. */
    private void ensureSingleton() {
        if (client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get() != null) {
            return;
        }
        ClusterNamespaces cluster = new ClusterNamespaces();
        cluster.setMetadata(new ObjectMetaBuilder().withName(ClusterNamespaces.SINGLETON)
                .addToLabels(Labels.MANAGED_BY, Labels.OPERATOR).build());
        try {
            client.resource(cluster).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    public boolean leading() {
        return leading.get();
    }

    public Health liveness() {
        return new Health(true, "running");
    }

    /** A standby is ready too; a leader once its informers are healthy. */
    public Health readiness() {
        if (!operator.getRuntimeInfo().isStarted()) {
            return new Health(false, "starting");
        }
        if (leading.get() && !operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
            return new Health(false, "informers unhealthy: " + operator.getRuntimeInfo().unhealthyEventSources().keySet());
        }
        return new Health(true, leading.get() ? "leading" : "standby");
    }

    @Override
    public void close() {
        operator.stop();
    }
}
