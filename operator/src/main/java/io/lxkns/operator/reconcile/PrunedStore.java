package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return new PrunedStore<>(pod -> withoutEmptyCollections(new PodBuilder()
                .withMetadata(interned(identity(pod.getMetadata())))
                .withNewSpec()
                .withNodeName(pod.getSpec() == null ? null : intern(pod.getSpec().getNodeName()))
                .withHostNetwork(pod.getSpec() == null ? null : pod.getSpec().getHostNetwork())
                .withHostPID(pod.getSpec() == null ? null : pod.getSpec().getHostPID())
                .withHostIPC(pod.getSpec() == null ? null : pod.getSpec().getHostIPC())
                .withHostUsers(pod.getSpec() == null ? null : pod.getSpec().getHostUsers())
                .endSpec()
                .build()));
    }

    /**
     * The pod with the JDK's shared empty lists and maps in place of the 20 empty ones fabric8 makes
     * for every pod, metadata and spec: at 150,000 pods they took 110 MiB and 3 million objects, which
     * the collector marks again and again.
     */
    private static Pod withoutEmptyCollections(Pod pod) {
        pod.setAdditionalProperties(Map.of());
        ObjectMeta metadata = pod.getMetadata();
        metadata.setAnnotations(Map.of());
        metadata.setLabels(Map.of());
        metadata.setFinalizers(List.of());
        metadata.setManagedFields(List.of());
        metadata.setOwnerReferences(List.of());
        metadata.setAdditionalProperties(Map.of());
        PodSpec spec = pod.getSpec();
        spec.setContainers(List.of());
        spec.setEphemeralContainers(List.of());
        spec.setHostAliases(List.of());
        spec.setImagePullSecrets(List.of());
        spec.setInitContainers(List.of());
        spec.setNodeSelector(Map.of());
        spec.setOverhead(Map.of());
        spec.setReadinessGates(List.of());
        spec.setResourceClaims(List.of());
        spec.setSchedulingGates(List.of());
        spec.setTolerations(List.of());
        spec.setTopologySpreadConstraints(List.of());
        spec.setVolumes(List.of());
        spec.setAdditionalProperties(Map.of());
        return pod;
    }

    static PrunedStore<Node> nodes() {
        return new PrunedStore<>(node -> new NodeBuilder().withMetadata(identity(node.getMetadata())).build());
    }

    /**
     * Everything but the namespace entries, which only people read, with the pods' strings interned
     * and their equal namespace maps shared: a pod's map and its containers' maps are mostly equal,
     * and every node has the inode numbers the others have. Decoded as JSON, each is a map and
     * strings of its own; at 5,000 nodes of 30 pods that took more heap than the chart gives.
     */
    static PrunedStore<NodeNamespaces> nodeNamespaces() {
        return new PrunedStore<>(report -> {
            NodeNamespaces pruned = new NodeNamespaces();
            pruned.setMetadata(identity(report.getMetadata()));
            NodeNamespacesStatus s = report.getStatus();
            if (s != null) {
                pruned.setStatus(new NodeNamespacesStatus(s.node(), s.observedAt(), s.discoveryDurationMs(), s.summary(),
                        s.initialNamespaces(), null, compact(s.pods()), s.findings(), s.conditions()));
            }
            return pruned;
        });
    }

    private static List<PodEntry> compact(List<PodEntry> pods) {
        if (pods == null) {
            return null;
        }
        Map<Map<String, String>, Map<String, String>> shared = new HashMap<>();
        List<PodEntry> compacted = new ArrayList<>(pods.size());
        for (PodEntry pod : pods) {
            compacted.add(pod == null ? null : new PodEntry(intern(pod.namespace()), intern(pod.name()),
                    intern(pod.uid()), share(pod.namespaces(), shared), pod.hostNamespaces(),
                    pod.containers() == null ? null : pod.containers().stream().map(c -> c == null ? null
                            : new PodContainer(intern(c.name()), c.id(), intern(c.engine()), c.sandbox(), c.pid(),
                                    share(c.namespaces(), shared))).toList(),
                    pod.sandbox() == null ? null : new PodSandbox(pod.sandbox().id(), intern(pod.sandbox().runtime()),
                            intern(pod.sandbox().state()), share(pod.sandbox().modes(), shared),
                            pod.sandbox().netnsPath(), pod.sandbox().uidMap(), pod.sandbox().gidMap())));
        }
        return compacted;
    }

    /**
     * The one map equal to {@code map} in {@code shared}, its strings interned; maps with nulls as they
     * are. An immutable copy, which keeps its entries in one array and not in an entry each: at 150,000
     * pods 45 MiB and a million objects less. Its order is not the agent's (the UI sorts the modes).
     */
    private static Map<String, String> share(Map<String, String> map, Map<Map<String, String>, Map<String, String>> shared) {
        if (map == null || map.containsKey(null) || map.containsValue(null)) {
            return map;
        }
        return shared.computeIfAbsent(map, m -> {
            Map<String, String> interned = new HashMap<>();
            m.forEach((key, value) -> interned.put(key.intern(), value.intern()));
            return Map.copyOf(interned);
        });
    }

    private static String intern(String text) {
        return text == null ? null : text.intern();
    }

    /** A pod's namespace, name and uid are also in its node's report: one string each for both. */
    private static ObjectMeta interned(ObjectMeta metadata) {
        metadata.setNamespace(intern(metadata.getNamespace()));
        metadata.setName(intern(metadata.getName()));
        metadata.setUid(intern(metadata.getUid()));
        return metadata;
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
