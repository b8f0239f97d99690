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
 * The cluster-wide view: a cluster-scoped singleton named {@value #SINGLETON}, written only by the
 * operator's leader. All data is in the status.
 */
@Group(NodeNamespaces.GROUP)
@Version(NodeNamespaces.VERSION)
@Kind("ClusterNamespaces")
@Plural("clusternamespaces")
@Singular("clusternamespace")
@ShortNames("clusterns")
@Categories("lxkns")
// In kubectl's order, Age last (see NodeNamespaces).
@AdditionalPrinterColumn(name = "Findings", jsonPath = ".status.findingsTotal", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Nodes", jsonPath = ".status.nodes.total", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reporting", jsonPath = ".status.nodes.reporting", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Stale", jsonPath = ".status.nodes.stale", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterNamespaces extends CustomResource<Void, ClusterNamespacesStatus> {
    public static final String SINGLETON = "cluster";
}
