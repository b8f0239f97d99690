package io.lxkns.kubectl.openreports;

import io.lxkns.crds.PolicyReports;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result of the lxkns Report: a finding ({@code fail}, {@code warn}) or a pod whose isolation
 * matches its spec ({@code pass}), with the pod it is about and lxkns's properties.
 *
 * @param policy the finding type, or {@code PodIsolation} for a pass
 * @param result {@code pass}, {@code fail}, {@code warn} (or {@code error}, {@code skip}, which lxkns does not write)
 * @param severity the report's severity: {@code high}, {@code medium}, {@code low}, {@code info}
 * @param timestamp RFC 3339, from the result's {@code seconds} and {@code nanos}; {@code null} without
 * @param resources the objects it is about; lxkns names one Pod
 * @param properties {@code node}, {@code namespace} (a namespace id) and {@code ns.TYPE} (the pod's
 *     namespace of each type, {@code net:[4026532301]} or {@code host})
 */
public record ReportResult(String policy, String result, String severity, String message, String timestamp,
        List<ResourceRef> resources, Map<String, String> properties) {

    public static final String PASS = "pass";
    public static final String SKIP = "skip";

    /** The object a result is about. */
    public record ResourceRef(String apiVersion, String kind, String namespace, String name, String uid) {}

    /** The first Pod among the resources, or {@code null}. */
    public ResourceRef pod() {
        return resources.stream().filter(r -> "Pod".equals(r.kind())).findFirst().orElse(null);
    }

    /** Whether this result is about {@code namespace/name}, and when both carry a uid, the same pod. */
    public boolean isAbout(String namespace, String name, String uid) {
        ResourceRef pod = pod();
        return pod != null && namespace.equals(pod.namespace()) && name.equals(pod.name())
                && (uid == null || pod.uid() == null || uid.equals(pod.uid()));
    }

    /** {@code namespace/name} of its pod, or {@code null}. */
    public String podName() {
        ResourceRef pod = pod();
        return pod == null || pod.name() == null ? null : pod.namespace() + "/" + pod.name();
    }

    public String node() {
        return properties.get(PolicyReports.NODE);
    }

    /** The namespace id the result is about, if any. */
    public String namespaceId() {
        return properties.get(PolicyReports.NAMESPACE);
    }

    /** The pod's namespaces by type, from the {@code ns.TYPE} properties, in the properties' order. */
    public Map<String, String> podNamespaces() {
        Map<String, String> byType = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PolicyReports.NS_PREFIX)) {
                byType.put(key.substring(PolicyReports.NS_PREFIX.length()), value);
            }
        });
        return byType;
    }

    /** A finding: anything but a pass (or a skip, which says nothing about the pod). */
    public boolean isFinding() {
        return !PASS.equals(result) && !SKIP.equals(result);
    }
}
