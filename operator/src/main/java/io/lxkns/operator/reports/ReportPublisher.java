package io.lxkns.operator.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.lxkns.crds.Labels;
import io.lxkns.crds.PolicyReports;
import io.lxkns.operator.analysis.ClusterAnalysis.Observed;
import io.lxkns.operator.reports.ReportContent.Content;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the reports: one named {@value PolicyReports#NAME} per Kubernetes namespace with observed pods, and one
 * cluster-scoped, each only when its results changed (timestamps aside), each deleted when its
 * namespace has nothing left to report. They are owned by the ClusterNamespaces singleton, so
 * uninstalling lxkns removes them. What it wrote is remembered; after a restart, or after a write
 * failed, it lists what is there first. Where the report CRDs are not installed, that is logged
 * once and tried again at every reconcile.
 */
public final class ReportPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);
    /** The key of the cluster-scoped report among the namespaces'. */
    private static final String CLUSTER = "";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ReportFormat format;
    /** What each report holds now, by namespace; null: not known (list first). */
    private Map<String, List<ReportResult>> written;
    private boolean missingCrdLogged;

    public ReportPublisher(KubernetesClient client, ReportFormat format) {
        this.client = client;
        this.format = format;
    }

    /** Brings the reports to what {@code observed} says; {@code owner} is the ClusterNamespaces singleton. */
    public void publish(Observed observed, HasMetadata owner, Instant now) {
        Content content = ReportContent.of(observed);
        Map<String, List<ReportResult>> desired = new LinkedHashMap<>(content.byNamespace());
        desired.put(CLUSTER, content.cluster());
        try {
            if (written == null) {
                written = existing();
            }
            for (Map.Entry<String, List<ReportResult>> report : desired.entrySet()) {
                if (!Objects.equals(written.get(report.getKey()), report.getValue())) {
                    write(report.getKey(), report.getValue(), owner, now);
                    written.put(report.getKey(), report.getValue());
                }
            }
            for (String namespace : List.copyOf(written.keySet())) {
                if (!desired.containsKey(namespace)) {
                    report(namespace).delete();
                    written.remove(namespace);
                }
            }
            missingCrdLogged = false;
        } catch (KubernetesClientException e) {
            written = null; // not known any more: list again next time
            if (e.getCode() == 404) {
                if (!missingCrdLogged) {
                    LOG.warn("cannot write {} reports: the {} API is not installed (chart value reports.installCrds,"
                            + " or install its CRDs); trying again at every reconcile", format.label(), format.apiVersion());
                    missingCrdLogged = true;
                }
            } else {
                LOG.warn("writing {} reports failed ({}); they are written again at the next reconcile",
                        format.label(), e.getMessage());
            }
        }
    }

    /** The reports lxkns wrote before, by namespace, with their results as compared. */
    private Map<String, List<ReportResult>> existing() {
        Map<String, List<ReportResult>> found = new HashMap<>();
        for (boolean cluster : List.of(true, false)) {
            var kind = client.genericKubernetesResources(context(cluster));
            var list = cluster ? kind.withLabel(Labels.MANAGED_BY, PolicyReports.NAME).list()
                    : kind.inAnyNamespace().withLabel(Labels.MANAGED_BY, PolicyReports.NAME).list();
            for (GenericKubernetesResource report : list.getItems()) {
                if (PolicyReports.NAME.equals(report.getMetadata().getName())) {
                    // One that left results out holds fewer than it was written from: written again.
                    boolean cut = report.getMetadata().getAnnotations() != null
                            && report.getMetadata().getAnnotations().containsKey(PolicyReports.OMITTED);
                    found.put(cluster ? CLUSTER : report.getMetadata().getNamespace(), cut ? null : results(report));
                }
            }
        }
        return found;
    }

    /** A report's results without their timestamps, as {@link ReportContent} makes them; null when unreadable. */
    private static List<ReportResult> results(GenericKubernetesResource report) {
        try {
            ReportResult[] results = JSON.convertValue(report.getAdditionalProperties().get("results"), ReportResult[].class);
            return results == null ? null : Arrays.stream(results).map(r -> r.withTimestamp(null)).toList();
        } catch (IllegalArgumentException e) {
            return null; // not ours to read: written again
        }
    }

    private void write(String namespace, List<ReportResult> results, HasMetadata owner, Instant now) {
        GenericKubernetesResource report = object(format, namespace, results, owner, now);
        Resource<GenericKubernetesResource> existing = report(namespace);
        if (existing.get() == null) {
            existing.create(report);
        } else {
            existing.edit(current -> {
                current.setMetadata(new ObjectMetaBuilder(current.getMetadata()).withLabels(report.getMetadata().getLabels())
                        .withAnnotations(report.getMetadata().getAnnotations())
                        .withOwnerReferences(report.getMetadata().getOwnerReferences()).build());
                current.setAdditionalProperties(report.getAdditionalProperties());
                return current;
            });
        }
    }

    /**
     * The report object for a namespace ({@code ""}: the cluster's), its results stamped with {@code
     * now}, at most {@link ReportContent#MAX_RESULTS} of them (the summary counts all).
     */
    public static GenericKubernetesResource object(ReportFormat format, String namespace, List<ReportResult> results,
            HasMetadata owner, Instant now) {
        List<ReportResult> kept = results.size() <= ReportContent.MAX_RESULTS ? results
                : results.subList(0, ReportContent.MAX_RESULTS);
        ReportResult.Timestamp stamp = ReportResult.Timestamp.of(now);
        ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName(PolicyReports.NAME)
                .addToLabels(Labels.MANAGED_BY, PolicyReports.NAME);
        if (!namespace.isEmpty()) {
            metadata.withNamespace(namespace);
        }
        if (results.size() > kept.size()) {
            metadata.addToAnnotations(PolicyReports.OMITTED, Integer.toString(results.size() - kept.size()));
        }
        if (owner != null && owner.getMetadata().getUid() != null) {
            metadata.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid()).build());
        }
        GenericKubernetesResource report = new GenericKubernetesResource();
        report.setApiVersion(format.apiVersion());
        report.setKind(namespace.isEmpty() ? format.clusterKind() : format.namespacedKind());
        report.setMetadata(metadata.build());
        if (format.reportSource()) {
            report.setAdditionalProperty("source", PolicyReports.NAME);
        }
        report.setAdditionalProperty("summary", ReportContent.summary(results));
        // The records themselves: the client serializes them as it would the maps they convert to, and a
        // conversion to maps first was a fifth of a reconcile's garbage at 5,000 nodes.
        report.setAdditionalProperty("results", kept.stream().map(r -> r.withTimestamp(stamp)).toList());
        return report;
    }

    private Resource<GenericKubernetesResource> report(String namespace) {
        var kind = client.genericKubernetesResources(context(namespace.isEmpty()));
        return (namespace.isEmpty() ? kind : kind.inNamespace(namespace)).withName(PolicyReports.NAME);
    }

    private ResourceDefinitionContext context(boolean cluster) {
        String kind = cluster ? format.clusterKind() : format.namespacedKind();
        String[] groupVersion = format.apiVersion().split("/");
        return new ResourceDefinitionContext.Builder().withGroup(groupVersion[0]).withVersion(groupVersion[1])
                .withKind(kind).withPlural(kind.toLowerCase(Locale.ROOT) + "s").withNamespaced(!cluster).build();
    }
}
