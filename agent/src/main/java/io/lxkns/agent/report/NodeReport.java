package io.lxkns.agent.report;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lxkns.agent.node.NodeView;
import io.lxkns.crds.Labels;
import io.lxkns.crds.NodeNamespaces;
import java.time.Instant;

/** The whole NodeNamespaces object this node reports: its name and label, and its capped status. */
public final class NodeReport {
    private NodeReport() {}

    public static NodeNamespaces build(NodeView view, String nodeName, String agentVersion, int maxBytes, Instant now) {
        NodeNamespaces object = new NodeNamespaces();
        object.setMetadata(new ObjectMetaBuilder().withName(nodeName).addToLabels(Labels.MANAGED_BY, Labels.AGENT).build());
        object.setStatus(SizeCap.apply(object, StatusBuilder.build(view, nodeName, agentVersion, now), maxBytes, now));
        return object;
    }
}
