package io.lxkns.operator.reports;

import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.PolicyReports;
import io.lxkns.operator.analysis.ClusterAnalysis.Observed;
import io.lxkns.operator.analysis.ClusterAnalysis.ObservedPod;
import io.lxkns.operator.reports.ReportResult.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the reports say: per Kubernetes namespace, a result for every finding about one of its pods
 * and a pass for every observed pod without a failure or warning (coverage, not only failures); for
 * the cluster, the findings about nodes and a pass for every node that reports. One policy per
 * finding type. Results are ordered failures first, and at most {@link #MAX_RESULTS} are kept in one
 * report (the summary counts all).
 */
public final class ReportContent {
    /** A report this size stays far below etcd's object limit (results are ~1.5 KiB at most). */
    public static final int MAX_RESULTS = 400;

    /** How each finding type reads as a result: fail or warn or pass, and how severe. */
    private record Verdict(String result, String severity) {}

    private static final Verdict FAIL_HIGH = new Verdict("fail", "high");
    private static final Verdict FAIL_MEDIUM = new Verdict("fail", "medium");
    private static final Verdict WARN_LOW = new Verdict("warn", "low");
    private static final Verdict WARN_MEDIUM = new Verdict("warn", "medium");
    private static final Verdict PASS_INFO = new Verdict("pass", "info");
    private static final Map<String, Verdict> VERDICTS = Map.ofEntries(
            Map.entry(Findings.HOST_NAMESPACE_UNEXPECTED, FAIL_HIGH),
            Map.entry(Findings.USER_NAMESPACE_NOT_ISOLATED, FAIL_HIGH),
            Map.entry(Findings.USER_NAMESPACE_MAPS_HOST_ROOT, FAIL_HIGH),
            Map.entry(Findings.SHARED_ACROSS_PODS, FAIL_HIGH),
            Map.entry(Findings.NAMESPACE_MODE_MISMATCH, FAIL_HIGH),
            Map.entry(Findings.USER_NAMESPACE_OVERLAP, FAIL_HIGH),
            Map.entry(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE, FAIL_MEDIUM),
            Map.entry(Findings.HOST_NAMESPACE_REQUESTED, WARN_LOW),
            Map.entry(Findings.USER_NAMESPACE_ISOLATED, PASS_INFO),
            Map.entry(Findings.LEAKED, FAIL_MEDIUM),
            Map.entry(Findings.STALE_NODE, WARN_MEDIUM),
            Map.entry(Findings.MISSING_NODE, FAIL_MEDIUM),
            Map.entry(Findings.INVALID_NODE_REPORT, FAIL_HIGH),
            Map.entry(Findings.UNVERIFIED_POD_CLAIM, FAIL_HIGH));
    private static final Verdict UNKNOWN = WARN_MEDIUM;
    /** The property of each namespace type, one string for all results (150,000 at 5,000 nodes). */
    private static final Map<String, String> NAMESPACE_KEYS = Stream.of("cgroup", "ipc", "mnt", "net", "pid", "time",
            "user", "uts").collect(Collectors.toUnmodifiableMap(type -> type, type -> PolicyReports.NS_PREFIX + type));
    private static final List<String> RESULT_ORDER = List.of("fail", "warn", "pass");
    private static final List<String> SEVERITY_ORDER = List.of("critical", "high", "medium", "low", "info");
    private static final Comparator<ReportResult> ORDER = Comparator
            .comparingInt((ReportResult r) -> RESULT_ORDER.indexOf(r.result()))
            .thenComparingInt(r -> SEVERITY_ORDER.indexOf(r.severity()))
            .thenComparing(ReportResult::policy)
            .thenComparing(r -> r.resources().get(0).name())
            .thenComparing(r -> r.message() == null ? "" : r.message());

    /**
     * @param byNamespace each Kubernetes namespace with an observed pod or a finding about one, and its results
     * @param cluster the node results
     */
    public record Content(Map<String, List<ReportResult>> byNamespace, List<ReportResult> cluster) {}

    private ReportContent() {}

    public static Content of(Observed observed) {
        Map<String, ObservedPod> podsByName = new HashMap<>();
        observed.pods().forEach(p -> podsByName.put(p.name(), p));
        Map<String, List<ReportResult>> byNamespace = new TreeMap<>();
        List<ReportResult> cluster = new ArrayList<>();
        Set<String> podsWithProblems = new HashSet<>();
        Set<String> nodesWithProblems = new HashSet<>();
        for (Finding finding : observed.findings()) {
            Verdict verdict = VERDICTS.getOrDefault(finding.type(), UNKNOWN);
            ObservedPod pod = finding.pod() == null ? null : podsByName.get(finding.pod());
            if (pod != null) {
                if (!verdict.result().equals("pass")) {
                    podsWithProblems.add(finding.pod());
                }
                byNamespace.computeIfAbsent(pod.pod().getMetadata().getNamespace(), k -> new ArrayList<>())
                        .add(podResult(finding.type(), verdict, finding.message(), pod, finding.namespace()));
            } else if (finding.pod() == null && finding.node() != null) {
                nodesWithProblems.add(finding.node());
                cluster.add(nodeResult(finding.type(), verdict, finding.message(), finding.node(),
                        observed.nodeUids().get(finding.node()), finding.namespace()));
            }
        }
        for (ObservedPod pod : observed.pods()) {
            if (!podsWithProblems.contains(pod.name())) {
                byNamespace.computeIfAbsent(pod.pod().getMetadata().getNamespace(), k -> new ArrayList<>())
                        .add(podResult(PolicyReports.POD_ISOLATION, PASS_INFO, "pod " + pod.name()
                                + " is in the namespaces its spec asks for on node " + pod.node() + ".", pod, null));
            }
        }
        observed.nodeUids().forEach((node, uid) -> {
            if (!nodesWithProblems.contains(node)) {
                cluster.add(nodeResult(PolicyReports.NODE_REPORTING, PASS_INFO, "node " + node
                        + " reports its namespaces and nothing is wrong with it.", node, uid, null));
            }
        });
        byNamespace.values().forEach(results -> results.sort(ORDER));
        cluster.sort(ORDER);
        return new Content(byNamespace, cluster);
    }

    private static ReportResult podResult(String policy, Verdict verdict, String message, ObservedPod pod,
            String namespaceId) {
        Map<String, String> namespaces = pod.entry().namespaces() == null ? Map.of() : pod.entry().namespaces();
        Map<String, String> properties = new HashMap<>();
        properties.put(PolicyReports.NODE, pod.node());
        if (namespaceId != null) {
            properties.put(PolicyReports.NAMESPACE, namespaceId);
        }
        namespaces.forEach((type, id) -> {
            if (id != null) {
                properties.put(namespaceKey(type), id.equals(pod.hostNamespaces().get(type)) ? PolicyReports.HOST : id);
            }
        });
        var meta = pod.pod().getMetadata();
        return new ReportResult(PolicyReports.NAME, policy, verdict.result(), verdict.severity(), message, null,
                List.of(new Resource("v1", "Pod", meta.getNamespace(), meta.getName(), meta.getUid())),
                // Immutable and compact (two objects, not a sorted map's ten): 150,000 of them live through a
                // reconcile at 5,000 nodes. Their order is not kept; the API server sorts an object's keys anyway.
                Map.copyOf(properties));
    }

    private static String namespaceKey(String type) {
        String key = NAMESPACE_KEYS.get(type);
        return key != null ? key : PolicyReports.NS_PREFIX + type;
    }

    private static ReportResult nodeResult(String policy, Verdict verdict, String message, String node, String uid,
            String namespaceId) {
        Map<String, String> properties = new TreeMap<>();
        properties.put(PolicyReports.NODE, node);
        if (namespaceId != null) {
            properties.put(PolicyReports.NAMESPACE, namespaceId);
        }
        return new ReportResult(PolicyReports.NAME, policy, verdict.result(), verdict.severity(), message, null,
                List.of(new Resource("v1", "Node", null, node, uid)), properties);
    }

    /** {@code pass}, {@code fail}, {@code warn}, {@code error}, {@code skip} counts of all the results. */
    static Map<String, Integer> summary(List<ReportResult> results) {
        Map<String, Integer> summary = new TreeMap<>(Map.of("pass", 0, "fail", 0, "warn", 0, "error", 0, "skip", 0));
        results.forEach(r -> summary.merge(r.result(), 1, Integer::sum));
        return summary;
    }
}
