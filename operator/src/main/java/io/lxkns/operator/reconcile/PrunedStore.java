package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import java.util.function.UnaryOperator;

/**
 * An informer cache that keeps only what the analysis reads: at 5,000 nodes and 500,000 pods the
 * full objects (managedFields, container specs, status) would not fit a sensible heap.
 */
final class PrunedStore<T extends HasMetadata> extends BasicItemStore<T> {
    private final UnaryOperator<T> prune;

    private PrunedStore(UnaryOperator<T> prune) {
        super(Cache::metaNamespaceKeyFunc);
        this.prune = prune;
    }

    @Override
    public T put(String key, T object) {
        return super.put(key, prune.apply(object));
    }

    /** Identity and the four fields that ask for host namespaces or user namespaces. */
    static PrunedStore<Pod> pods() {
        return new PrunedStore<>(pod -> new PodBuilder()
                .withMetadata(identity(pod.getMetadata()))
                .withNewSpec()
                .withNodeName(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                .withHostNetwork(pod.getSpec() == null ? null : pod.getSpec().getHostNetwork())
                .withHostPID(pod.getSpec() == null ? null : pod.getSpec().getHostPID())
                .withHostIPC(pod.getSpec() == null ? null : pod.getSpec().getHostIPC())
                .withHostUsers(pod.getSpec() == null ? null : pod.getSpec().getHostUsers())
                .endSpec()
                .build());
    }

    static PrunedStore<Node> nodes() {
        return new PrunedStore<>(node -> new NodeBuilder().withMetadata(identity(node.getMetadata())).build());
    }

    /** Everything but the namespace entries, which only people read. */
    static PrunedStore<NodeNamespaces> nodeNamespaces() {
        return new PrunedStore<>(report -> {
            NodeNamespaces pruned = new NodeNamespaces();
            pruned.setMetadata(identity(report.getMetadata()));
            NodeNamespacesStatus s = report.getStatus();
            if (s != null) {
                pruned.setStatus(s.withNamespaces(null));
            }
            return pruned;
        });
    }

    private static ObjectMeta identity(ObjectMeta metadata) {
        return new ObjectMetaBuilder()
                .withName(metadata.getName())
                .withNamespace(metadata.getNamespace())
                .withUid(metadata.getUid())
                .withResourceVersion(metadata.getResourceVersion())
                .withGeneration(metadata.getGeneration())
                .build();
    }
}
