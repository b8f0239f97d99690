package io.lxkns.kubectl.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.Labels;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.openreports.LxknsReport;
import io.lxkns.kubectl.openreports.Reports;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reads the commands make, one request each, and what their answers mean. Not found and
 * forbidden come back as {@link Read} outcomes for the caller to decide on; everything else (an
 * unreachable or refusing API server, credentials it does not take) is a {@link Failure}.
 *
 * <p>Pods and Reports are read as generic objects: the typed Pod model would make Jackson build
 * deserializers for the whole PodSpec graph on every run, a good part of a short run's start-up,
 * for the handful of fields used here.
 */
public final class LxknsApi {
    private static final ResourceDefinitionContext PODS = new ResourceDefinitionContext.Builder()
            .withGroup("").withVersion("v1").withKind("Pod").withPlural("pods").withNamespaced(true).build();
    /** Reports per page when listing across namespaces. */
    private static final long PAGE = 250;

    private final KubernetesClient client;

    public LxknsApi(KubernetesClient client) {
        this.client = client;
    }

    public Read<PodFacts> pod(String namespace, String name) {
        String what = "pod " + namespace + "/" + name;
        return read(what, () -> {
            GenericKubernetesResource pod = client.genericKubernetesResources(PODS).inNamespace(namespace).withName(name).get();
            return pod == null ? null : podFacts(pod);
        });
    }

    public Read<NodeNamespaces> nodeNamespaces(String node) {
        return read("NodeNamespaces/" + node, () -> client.resources(NodeNamespaces.class).withName(node).get());
    }

    public Read<ClusterNamespaces> clusterNamespaces() {
        return read("ClusterNamespaces/" + ClusterNamespaces.SINGLETON,
                () -> client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get());
    }

    /** The lxkns Report of one namespace. */
    public Read<LxknsReport> report(String namespace) {
        return read("Report " + PolicyReports.NAME + " in namespace " + namespace, () -> {
            GenericKubernetesResource report = client.genericKubernetesResources(Reports.RESOURCE).inNamespace(namespace)
                    .withName(PolicyReports.NAME).get();
            return report == null ? null : Reports.parse(report);
        });
    }

    /** The lxkns Reports of all namespaces, page by page; at most {@code maxReports}. */
    public Read<List<LxknsReport>> reports(int maxReports) {
        return read("Reports in all namespaces", () -> {
            List<LxknsReport> reports = new ArrayList<>();
            String next = null;
            do {
                GenericKubernetesResourceList page = client.genericKubernetesResources(Reports.RESOURCE).inAnyNamespace()
                        .withLabel(Labels.MANAGED_BY, PolicyReports.NAME)
                        .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
                for (GenericKubernetesResource report : page.getItems()) {
                    if (PolicyReports.NAME.equals(report.getMetadata().getName()) && reports.size() < maxReports) {
                        reports.add(Reports.parse(report));
                    }
                }
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty() && reports.size() < maxReports);
            return reports;
        });
    }

    private static PodFacts podFacts(GenericKubernetesResource pod) {
        Map<String, Object> spec = pod.get("spec") instanceof Map<?, ?> map ? cast(map) : Map.of();
        return new PodFacts(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                text(spec.get("nodeName")), flag(spec.get("hostNetwork")), flag(spec.get("hostPID")),
                flag(spec.get("hostIPC")), flag(spec.get("hostUsers")), flag(spec.get("shareProcessNamespace")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    private static Boolean flag(Object value) {
        return value instanceof Boolean b ? b : null;
    }

    private <T> Read<T> read(String what, Supplier<T> request) {
        try {
            T value = request.get();
            return value == null ? Read.notFound(what) : Read.found(value, what);
        } catch (KubernetesClientException e) {
            switch (e.getCode()) {
                case 403:
                    return Read.forbidden(what);
                case 404:
                    // The object's type is not served: its CRD is not installed. For the caller the
                    // same as no object; it says what to check.
                    return Read.notFound(what);
                case 401:
                    throw new Failure("the API server at " + masterUrl() + " did not accept the credentials"
                            + " (401 Unauthorized): check the kubeconfig's user");
                default:
                    throw new Failure(describe(what, e));
            }
        }
    }

    private String describe(String what, KubernetesClientException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return "cannot read " + what + ": its content is not what lxkns writes (" + firstLine(cause) + ")";
            }
        }
        if (e.getCode() > 0) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : firstLine(e);
            return "cannot read " + what + ": the API server answered " + e.getCode() + ": " + message;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return "cannot reach the API server at " + masterUrl() + ": " + reason(cause);
            }
        }
        return "cannot read " + what + ": " + reason(e);
    }

    /**
     * What went wrong, in words: the JDK's HTTP client reports a refused connection or an unknown host
     * as exceptions without a message, so the known kinds are named here; otherwise the first message
     * along the chain of causes.
     */
    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof HttpTimeoutException) {
                return "timed out";
            }
            if (cause instanceof ConnectException && cause.getMessage() == null
                    && cause.getCause() instanceof ClosedChannelException) {
                return "connection refused";
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return firstLine(cause);
            }
        }
        return e.getClass().getSimpleName();
    }

    private String masterUrl() {
        return client.getConfiguration().getMasterUrl();
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
