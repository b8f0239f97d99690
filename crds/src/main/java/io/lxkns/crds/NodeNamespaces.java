package io.lxkns.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What one node's agent observed: cluster-scoped, named after the node, written only by that node's
 * agent. All data is in the status (the status subresource); there is no spec.
 */
@Group(NodeNamespaces.GROUP)
@Version(NodeNamespaces.VERSION)
@Kind("NodeNamespaces")
@Plural("nodenamespaces")
@Singular("nodenamespace")
@ShortNames({"nodens", "nns"})
@Categories("lxkns")
// kubectl prints the columns in this order: the useful ones first, Age last. The generator sorts them by
// path; the committed CRD has them in this order, which CrdTest checks (and writes to target/crds).
@AdditionalPrinterColumn(name = "Pods", jsonPath = ".status.summary.pods", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Namespaces", jsonPath = ".status.summary.namespaces",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Findings", jsonPath = ".status.summary.findings", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "HostShared", jsonPath = ".status.summary.podsSharingHostNamespaces",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Observed", jsonPath = ".status.observedAt", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class NodeNamespaces extends CustomResource<Void, NodeNamespacesStatus> {
    public static final String GROUP = "lxkns.io";
    public static final String VERSION = "v1alpha1";
}
