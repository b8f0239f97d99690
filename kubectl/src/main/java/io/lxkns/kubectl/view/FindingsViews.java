package io.lxkns.kubectl.view;

import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.Findings;
import io.lxkns.kubectl.openreports.LxknsReport;
import io.lxkns.kubectl.openreports.ReportResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Findings from either source, filtered to a namespace or a pod. */
public final class FindingsViews {
    /** Warnings first, then by type, node, pod and namespace id: the operator's order. */
    static final Comparator<FindingView> ORDER = Comparator
            .comparing((FindingView f) -> !Findings.WARNING.equals(f.severity()))
            .thenComparing(f -> Objects.toString(f.type(), ""))
            .thenComparing(f -> Objects.toString(f.node(), ""))
            .thenComparing(f -> Objects.toString(f.pod(), ""))
            .thenComparing(f -> Objects.toString(f.namespace(), ""));

    private FindingsViews() {}

    /** The cluster's findings: all of them ({@code namespace} null), or those about pods in {@code namespace}. */
    public static FindingsView fromCluster(ClusterNamespacesStatus status, String namespace) {
        List<FindingView> findings = new ArrayList<>();
        for (ClusterNamespacesStatus.Finding finding : status.findings() == null
                ? List.<ClusterNamespacesStatus.Finding>of() : status.findings()) {
            if (finding != null && (namespace == null || inNamespace(finding.pod(), namespace))) {
                findings.add(FindingView.of(finding));
            }
        }
        return new FindingsView(FindingsView.FROM_CLUSTER, namespace, status.observedAt(), status.findingsTotal(),
                findings);
    }

    /** The cluster's findings about one pod ({@code namespace/name}). */
    public static List<FindingView> ofPod(ClusterNamespacesStatus status, String pod) {
        List<FindingView> findings = new ArrayList<>();
        if (status.findings() != null) {
            for (ClusterNamespacesStatus.Finding finding : status.findings()) {
                if (finding != null && pod.equals(finding.pod())) {
                    findings.add(FindingView.of(finding));
                }
            }
        }
        return findings;
    }

    /** The non-pass results of Reports as findings, most severe first. */
    public static FindingsView fromReports(List<LxknsReport> reports, String namespace) {
        List<FindingView> findings = new ArrayList<>();
        for (LxknsReport report : reports) {
            for (ReportResult result : report.results()) {
                if (result.isFinding()) {
                    findings.add(FindingView.of(result));
                }
            }
        }
        findings.sort(ORDER);
        return new FindingsView(FindingsView.FROM_REPORTS, namespace, null, null, findings);
    }

    /** The findings of a Report about one pod. */
    public static List<FindingView> ofPod(LxknsReport report, String namespace, String name, String uid) {
        List<FindingView> findings = new ArrayList<>();
        for (ReportResult result : report.results()) {
            if (result.isFinding() && result.isAbout(namespace, name, uid)) {
                findings.add(FindingView.of(result));
            }
        }
        findings.sort(ORDER);
        return findings;
    }

    private static boolean inNamespace(String pod, String namespace) {
        return pod != null && pod.startsWith(namespace + "/");
    }
}
