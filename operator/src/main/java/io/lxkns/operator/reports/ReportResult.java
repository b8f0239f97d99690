package io.lxkns.operator.reports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One result of a policy report, in the fields OpenReports and wgpolicyk8s share.
 *
 * @param policy the finding type, or {@link io.lxkns.crds.PolicyReports#POD_ISOLATION} / {@link
 *     io.lxkns.crds.PolicyReports#NODE_REPORTING} for a pass
 * @param result {@code fail}, {@code warn} or {@code pass}
 * @param severity {@code high}, {@code medium}, {@code low} or {@code info}
 * @param timestamp when it was written; null while it is compared (content, not time, decides a write)
 * @param resources the Pod or Node it is about, with its uid
 * @param properties {@code node}, {@code namespace} (the namespace id the finding names) and, for a
 *     pod, its namespaces by type ({@code ns.net}: an id, or {@code host})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportResult(String source, String policy, String result, String severity, String message,
        Timestamp timestamp, List<Resource> resources, Map<String, String> properties) {

    public ReportResult withTimestamp(Timestamp changed) {
        return new ReportResult(source, policy, result, severity, message, changed, resources, properties);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timestamp(long seconds, int nanos) {
        static Timestamp of(Instant instant) {
            return new Timestamp(instant.getEpochSecond(), instant.getNano());
        }
    }

    /** An object reference: {@code v1 Pod} or {@code v1 Node}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resource(String apiVersion, String kind, String namespace, String name, String uid) {}
}
