package io.lxkns.operator.reports;

import java.util.Locale;

/**
 * The policy-report APIs the operator can write; their results have the same fields. OpenReports
 * ({@code openreports.io/v1alpha1}) is where the policy-report work moved from the Kubernetes policy
 * working group's {@code wgpolicyk8s.io/v1alpha2}, which older tools still read.
 */
public enum ReportFormat {
    OPENREPORTS("openreports.io/v1alpha1", "Report", "ClusterReport"),
    WGPOLICYK8S("wgpolicyk8s.io/v1alpha2", "PolicyReport", "ClusterPolicyReport");

    private final String apiVersion;
    private final String namespacedKind;
    private final String clusterKind;

    ReportFormat(String apiVersion, String namespacedKind, String clusterKind) {
        this.apiVersion = apiVersion;
        this.namespacedKind = namespacedKind;
        this.clusterKind = clusterKind;
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
