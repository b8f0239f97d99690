package io.lxkns.kubectl.openreports;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.lxkns.crds.PolicyReports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract of the lxkns Report and how to read one. The Report is written by the operator, but
 * its content comes from what nodes observed and its CRD bounds nothing: every string and list is
 * cut to a bound here, and anything of an unexpected type is dropped.
 */
public final class Reports {
    public static final String GROUP = "openreports.io";
    public static final String VERSION = "v1alpha1";

    /** The API path parts, so that no discovery request is needed to find them. */
    public static final ResourceDefinitionContext RESOURCE = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind("Report").withPlural("reports").withNamespaced(true)
            .build();


    // Bounds: generous for what lxkns writes, small enough that a hostile Report cannot flood a terminal.
    public static final int MAX_RESULTS = 5_000;
    static final int MAX_RESOURCES = 16;
    static final int MAX_PROPERTIES = 64;
    static final int MAX_MESSAGE = 2_048;
    static final int MAX_TEXT = 256;

    private Reports() {}

    public static LxknsReport parse(GenericKubernetesResource report) {
        List<ReportResult> results = new ArrayList<>();
        List<?> raw = list(report.getAdditionalProperties().get("results"));
        for (Object item : raw) {
            if (results.size() == MAX_RESULTS) {
                break;
            }
            if (item instanceof Map<?, ?> map) {
                results.add(result(map));
            }
        }
        return new LxknsReport(bounded(report.getMetadata().getNamespace(), MAX_TEXT),
                bounded(report.getMetadata().getName(), MAX_TEXT), List.copyOf(results), omitted(report),
                raw.size() > MAX_RESULTS);
    }

    private static int omitted(GenericKubernetesResource report) {
        Map<String, String> annotations = report.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(PolicyReports.OMITTED);
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return 0; // not a count: nothing to say about it
        }
    }

    private static ReportResult result(Map<?, ?> map) {
        List<ReportResult.ResourceRef> resources = new ArrayList<>();
        for (Object item : list(map.get("resources"))) {
            if (resources.size() < MAX_RESOURCES && item instanceof Map<?, ?> ref) {
                resources.add(new ReportResult.ResourceRef(text(ref.get("apiVersion")), text(ref.get("kind")),
                        text(ref.get("namespace")), text(ref.get("name")), text(ref.get("uid"))));
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (map.get("properties") instanceof Map<?, ?> raw) {
            for (Map.Entry<?, ?> entry : raw.entrySet()) {
                if (properties.size() < MAX_PROPERTIES && entry.getKey() instanceof String key
                        && entry.getValue() instanceof String value) {
                    properties.put(bounded(key, MAX_TEXT), bounded(value, MAX_TEXT));
                }
            }
        }
        return new ReportResult(text(map.get("policy")), text(map.get("result")), text(map.get("severity")),
                bounded(map.get("message") instanceof String s ? s : null, MAX_MESSAGE), timestamp(map.get("timestamp")),
                List.copyOf(resources), properties);
    }

    private static String timestamp(Object value) {
        if (value instanceof Map<?, ?> map && map.get("seconds") instanceof Number seconds) {
            long nanos = map.get("nanos") instanceof Number n ? n.longValue() : 0;
            try {
                return Instant.ofEpochSecond(seconds.longValue(), nanos).toString();
            } catch (RuntimeException e) {
                return null; // out of Instant's range: not a time anyone wrote on purpose
            }
        }
        return null;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static String text(Object value) {
        return value instanceof String s ? bounded(s, MAX_TEXT) : null;
    }

    private static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
