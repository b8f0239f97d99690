package io.lxkns.kubectl.view;

import java.util.List;

/**
 * {@code kubectl lxkns findings}.
 *
 * @param source where the findings came from: {@code ClusterNamespaces} (the operator's cluster-wide
 *     list) or {@code Report} (the namespaces' lxkns Reports, for users who cannot read the former)
 * @param namespace the Kubernetes namespace shown; absent with {@code -A}
 * @param observedAt when the operator last looked (ClusterNamespaces only)
 * @param findingsTotal all findings in the cluster, also those the operator's bounded list leaves out
 *     (ClusterNamespaces only); compare with the length of {@code findings} for {@code -A}
 * @param findings most severe first
 */
public record FindingsView(String source, String namespace, String observedAt, Integer findingsTotal,
        List<FindingView> findings) {

    public static final String FROM_CLUSTER = "ClusterNamespaces";
    public static final String FROM_REPORTS = "Report";
}
