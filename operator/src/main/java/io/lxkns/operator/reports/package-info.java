/**
 * The operator's findings as policy reports, where teams and their dashboards look: an OpenReports
 * {@code Report} per Kubernetes namespace for its pods (failures and passes), a {@code ClusterReport}
 * for the nodes, or the older {@code wgpolicyk8s.io} {@code PolicyReport}s. {@link
 * io.lxkns.operator.reports.ReportContent} decides what they say; {@link
 * io.lxkns.operator.reports.ReportPublisher} writes them when that changed.
 */
package io.lxkns.operator.reports;
