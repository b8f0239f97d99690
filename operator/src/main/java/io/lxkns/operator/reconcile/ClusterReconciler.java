package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.IncompleteReports;
import io.lxkns.operator.metrics.OperatorMetrics;
import io.lxkns.operator.reports.ReportFormat;
import io.lxkns.operator.reports.ReportPublisher;
import io.lxkns.operator.ui.UiSnapshot;
import io.lxkns.operator.ui.UiState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles the ClusterNamespaces singleton whenever a NodeNamespaces, Pod or Node changes, and at
 * least every resync interval (staleness is a matter of time, not of events).
 */
@ControllerConfiguration(name = "cluster-namespaces")
public final class ClusterReconciler implements Reconciler<ClusterNamespaces> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);
    private static final Set<ResourceID> SINGLETON = Set.of(new ResourceID(ClusterNamespaces.SINGLETON));

    private final KubernetesClient client;
    private final ClusterAnalysis.Settings settings;
    private final Duration resync;
    private final String identity;
    private final Clock clock;
    private final OperatorMetrics metrics;
    private final PodEvents events;
    private final IncompleteReports incompleteReports;
    private final ReportPublisher reports;
    private final UiState ui;

    /**
     * @param reports the policy reports to write; null for none
     * @param ui where each reconcile leaves what the UI shows; null without a UI
     */
    public ClusterReconciler(KubernetesClient client, ClusterAnalysis.Settings settings, Duration resync, String identity,
            Clock clock, OperatorMetrics metrics, ReportFormat reports, UiState ui) {
        this.client = client;
        this.settings = settings;
        // As long as a node may go without a write and not be stale.
        this.incompleteReports = new IncompleteReports(settings.staleAfter());
        this.resync = resync;
        this.identity = identity;
        this.clock = clock;
        this.metrics = metrics;
        this.events = new PodEvents(client, identity);
        this.reports = reports == null ? null : new ReportPublisher(client, reports);
        this.ui = ui;
    }

    @Override
    public List<EventSource<?, ClusterNamespaces>> prepareEventSources(EventSourceContext<ClusterNamespaces> context) {
        return List.of(
                informer(context, NodeNamespaces.class, PrunedStore.nodeNamespaces()),
                informer(context, Pod.class, PrunedStore.pods()),
                informer(context, Node.class, PrunedStore.nodes()));
    }

    private static <R extends HasMetadata> EventSource<R, ClusterNamespaces> informer(
            EventSourceContext<ClusterNamespaces> context, Class<R> type, ItemStore<R> store) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, ClusterNamespaces.class)
                .withSecondaryToPrimaryMapper(any -> SINGLETON)
                .withWatchAllNamespaces()
                .withItemStore(store)
                .build(), context);
    }

    @Override
    public UpdateControl<ClusterNamespaces> reconcile(ClusterNamespaces cluster, Context<ClusterNamespaces> context) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        Set<Node> nodes = context.getSecondaryResources(Node.class);
        Set<NodeNamespaces> nodeReports = context.getSecondaryResources(NodeNamespaces.class);
        ClusterAnalysis.Result result = ClusterAnalysis.analyze(nodes, context.getSecondaryResources(Pod.class),
                nodeReports, incompleteReports, now, settings, identity);
        int raised = events.raise(result.podWarnings(), now);
        collect(result.orphans());
        writeStatus(cluster, result.status());
        if (reports != null) {
            reports.publish(result.observed(), cluster, now);
        }
        if (ui != null) {
            ui.publish(UiSnapshot.of(result, nodes, nodeReports, now));
        }
        metrics.reconciled(result.status(), raised, System.nanoTime() - start);
        return UpdateControl.<ClusterNamespaces>noUpdate().rescheduleAfter(resync);
    }

    /** NodeNamespaces whose Node is gone (the ownerReference does the same where GC runs). */
    private void collect(List<String> orphans) {
        for (String name : orphans) {
            try {
                client.resources(NodeNamespaces.class).withName(name).delete();
                LOG.info("deleted NodeNamespaces/{}: its Node no longer exists", name);
            } catch (KubernetesClientException e) {
                LOG.warn("cannot delete NodeNamespaces/{} of a vanished node: {}", name, e.getMessage());
            }
        }
    }

    /**
     * Replaces the status (PUT on the status subresource, no server-side apply) when it changed
     * beyond its timestamps; a condition keeps its transition time while its status stays.
     */
    private void writeStatus(ClusterNamespaces cluster, ClusterNamespacesStatus next) {
        ClusterNamespacesStatus previous = cluster.getStatus();
        ClusterNamespacesStatus status = keepTransitionTimes(previous, next);
        if (previous != null && withoutTimes(previous).equals(withoutTimes(status))) {
            return;
        }
        cluster.setStatus(status);
        client.resource(cluster).updateStatus();
    }

    private static ClusterNamespacesStatus keepTransitionTimes(ClusterNamespacesStatus previous, ClusterNamespacesStatus next) {
        if (previous == null) {
            return next;
        }
        return next.withConditions(Conditions.keepTransitionTimes(previous.conditions(), next.conditions()));
    }

    private static ClusterNamespacesStatus withoutTimes(ClusterNamespacesStatus s) {
        return s.withObservedAt(null);
    }
}
