package io.lxkns.operator.reports;

import java.util.Locale;

/**
 * The policy-report APIs the operator can write; their results have the same fields. OpenReports
 * ({@code openreports.io/v1alpha1}) is where the policy-report work moved from the Kubernetes policy
 * working group's {@code wgpolicyk8s.io/v1alpha2}, which older tools still read.
 */
public enum ReportFormat {
    OPENREPORTS("openreports.io/v1alpha1", "Report", "ClusterReport", true),
    WGPOLICYK8S("wgpolicyk8s.io/v1alpha2", "PolicyReport", "ClusterPolicyReport", false);

    private final String apiVersion;
    private final String namespacedKind;
    private final String clusterKind;
    private final boolean reportSource;

    ReportFormat(String apiVersion, String namespacedKind, String clusterKind, boolean reportSource) {
        this.apiVersion = apiVersion;
        this.namespacedKind = namespacedKind;
        this.clusterKind = clusterKind;
        this.reportSource = reportSource;
    }

    /** Whether a report names its source once at the top (OpenReports); each result names it in both. */
    public boolean reportSource() {
        return reportSource;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String namespacedKind() {
        return namespacedKind;
    }

    public String clusterKind() {
        return clusterKind;
    }

    /** As the command line and the chart write it: {@code openreports}, {@code wgpolicyk8s}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
