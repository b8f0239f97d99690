package io.lxkns.kubectl.view;

import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.Findings;
import io.lxkns.kubectl.openreports.ReportResult;

/**
 * One finding as the plugin shows it, whichever object it came from.
 *
 * @param severity {@code warning} or {@code info}
 * @param type {@code HostNamespaceUnexpected}, {@code NamespaceSharedAcrossPods}, ... (docs/operator.md)
 * @param node the node it was observed on, where there is one
 * @param pod {@code namespace/name} of the pod, where there is one
 * @param namespace the Linux namespace concerned, {@code type:[inode]}, where there is one
 * @param message one sentence, in full (tables cut it)
 */
public record FindingView(String severity, String type, String node, String pod, String namespace, String message) {

    public static FindingView of(ClusterNamespacesStatus.Finding finding) {
        return new FindingView(finding.severity(), finding.type(), finding.node(), finding.pod(), finding.namespace(),
                finding.message());
    }

    /**
     * A Report result as a finding: {@code fail} (and {@code error}) are the operator's warnings,
     * {@code warn} its infos (the contract in docs/kubectl.md).
     */
    public static FindingView of(ReportResult result) {
        String severity = "warn".equals(result.result()) ? Findings.INFO : Findings.WARNING;
        return new FindingView(severity, result.policy(), result.node(), result.podName(), result.namespaceId(),
                result.message());
    }
}
