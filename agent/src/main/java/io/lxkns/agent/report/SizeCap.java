package io.lxkns.agent.report;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps a NodeNamespaces object under a size (etcd and the API server refuse objects over about
 * 1.5 MiB; watchers pay for every byte). Over the cap, detail is dropped in this order until it
 * fits, and {@code Truncated=True} says what went:
 *
 * <ol>
 *   <li>namespace entries that concern no container and no pod and are not bind-mounted;
 *   <li>list items beyond the third inside each namespace entry (containers, pods, bind mounts);
 *   <li>namespace entries from the end (entries with pods are kept longest);
 *   <li>findings from the end (sharing between pods comes first, leaked namespaces after);
 *   <li>the per-container namespace maps of pods (each pod keeps its own namespaces);
 *   <li>pods from the end.
 * </ol>
 *
 * Pods go last because they are what the operator compares with the pods' specs. The summary counts
 * always stay complete.
 */
public final class SizeCap {
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    public static final int LIMIT_MAX_BYTES = 1024 * 1024;
    private static final int LIST_ITEMS_KEPT = 3;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private SizeCap() {}

    /** The serialized size of an object, in bytes, as the API server receives it. */
    public static int size(Object object) {
        return SERIALIZATION.asJson(object).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The status to write: {@code status} itself with Truncated=False, or less of it with Truncated=True. */
    public static NodeNamespacesStatus apply(NodeNamespaces object, NodeNamespacesStatus status, int maxBytes, Instant now) {
        int originalSize = size(withStatus(object, status));
        List<String> dropped = new ArrayList<>();
        status = withinCrdBounds(status, dropped);
        if (originalSize <= maxBytes && dropped.isEmpty()) {
            return withTruncated(status, Conditions.of(Conditions.TRUNCATED, false, "Complete",
                    "the status holds everything observed (" + kib(originalSize) + " of " + kib(maxBytes) + ")", now));
        }
        NodeNamespacesStatus s = status;
        List<NamespaceEntry> relevant = s.namespaces().stream().filter(SizeCap::concernsPodsOrMounts).toList();
        if (!fits(object, s, maxBytes) && relevant.size() < s.namespaces().size()) {
            dropped.add((s.namespaces().size() - relevant.size()) + " namespaces that concern no container, pod or bind mount");
            s = s.withNamespaces(relevant);
        }
        if (!fits(object, s, maxBytes)) {
            s = s.withNamespaces(s.namespaces().stream().map(SizeCap::shortened).toList());
            dropped.add("list items beyond the first " + LIST_ITEMS_KEPT + " in namespace entries");
        }
        if (!fits(object, s, maxBytes)) {
            List<NamespaceEntry> podsFirst = new ArrayList<>(s.namespaces());
            podsFirst.sort(Comparator.comparing((NamespaceEntry e) -> e.pods() == null));
            int kept = largestFitting(object, s, podsFirst, NodeNamespacesStatus::withNamespaces, maxBytes);
            dropped.add((podsFirst.size() - kept) + " more namespaces");
            s = s.withNamespaces(podsFirst.subList(0, kept));
        }
        if (!fits(object, s, maxBytes)) {
            int kept = largestFitting(object, s, s.findings(), NodeNamespacesStatus::withFindings, maxBytes);
            dropped.add((s.findings().size() - kept) + " findings");
            s = s.withFindings(s.findings().subList(0, kept));
        }
        if (!fits(object, s, maxBytes)) {
            s = s.withPods(s.pods().stream().map(SizeCap::withoutContainerNamespaces).toList());
            dropped.add("the namespaces of each pod's containers");
        }
        if (!fits(object, s, maxBytes)) {
            int kept = largestFitting(object, s, s.pods(), NodeNamespacesStatus::withPods, maxBytes);
            dropped.add((s.pods().size() - kept) + " pods");
            s = s.withPods(s.pods().subList(0, kept));
        }
        return withTruncated(s, Conditions.of(Conditions.TRUNCATED, true, "SizeCap", "observed " + kib(originalSize)
                + ", over the cap of " + kib(maxBytes) + "; dropped " + String.join(", ", dropped)
                + "; the summary counts are complete", now));
    }

    /** The lists cut to what the CRD allows: the API server would refuse the whole object otherwise. */
    private static NodeNamespacesStatus withinCrdBounds(NodeNamespacesStatus s, List<String> dropped) {
        if (s.namespaces().size() > NodeNamespacesStatus.MAX_NAMESPACES) {
            dropped.add((s.namespaces().size() - NodeNamespacesStatus.MAX_NAMESPACES) + " namespaces beyond the CRD's "
                    + NodeNamespacesStatus.MAX_NAMESPACES);
            s = s.withNamespaces(s.namespaces().subList(0, NodeNamespacesStatus.MAX_NAMESPACES));
        }
        if (s.pods().size() > NodeNamespacesStatus.MAX_PODS) {
            dropped.add((s.pods().size() - NodeNamespacesStatus.MAX_PODS) + " pods beyond the CRD's " + NodeNamespacesStatus.MAX_PODS);
            s = s.withPods(s.pods().subList(0, NodeNamespacesStatus.MAX_PODS));
        }
        if (s.findings().size() > NodeNamespacesStatus.MAX_FINDINGS) {
            dropped.add((s.findings().size() - NodeNamespacesStatus.MAX_FINDINGS) + " findings beyond the CRD's "
                    + NodeNamespacesStatus.MAX_FINDINGS);
            s = s.withFindings(s.findings().subList(0, NodeNamespacesStatus.MAX_FINDINGS));
        }
        return s;
    }

    private static boolean concernsPodsOrMounts(NamespaceEntry entry) {
        return entry.containers() != null || entry.pods() != null || entry.bindMounts() != null;
    }

    private static NamespaceEntry shortened(NamespaceEntry e) {
        return e.withLists(first(e.bindMounts()), first(e.containers()), first(e.pods()));
    }

    private static PodEntry withoutContainerNamespaces(PodEntry pod) {
        return pod.withContainers(pod.containers().stream().map(c -> c.withNamespaces(null)).toList());
    }

    private static <T> List<T> first(List<T> list) {
        return list == null || list.size() <= LIST_ITEMS_KEPT ? list : List.copyOf(list.subList(0, LIST_ITEMS_KEPT));
    }

    /** The largest n such that the status with the first n items of {@code items} fits (binary search). */
    private static <T> int largestFitting(NodeNamespaces object, NodeNamespacesStatus s, List<T> items,
            Reshape<T> reshape, int maxBytes) {
        int low = 0;
        int high = items.size();
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (fits(object, reshape.apply(s, items.subList(0, mid)), maxBytes)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private interface Reshape<T> {
        NodeNamespacesStatus apply(NodeNamespacesStatus status, List<T> items);
    }

    /** Leaves room for the Truncated condition that is added last. */
    private static boolean fits(NodeNamespaces object, NodeNamespacesStatus status, int maxBytes) {
        return size(withStatus(object, status)) <= maxBytes - 1024;
    }

    /** {@code object}'s metadata with {@code status}: a copy to measure or to return. */
    static NodeNamespaces withStatus(NodeNamespaces object, NodeNamespacesStatus status) {
        NodeNamespaces copy = new NodeNamespaces();
        copy.setMetadata(object.getMetadata());
        copy.setStatus(status);
        return copy;
    }

    private static NodeNamespacesStatus withTruncated(NodeNamespacesStatus s, Condition truncated) {
        List<Condition> conditions = new ArrayList<>(s.conditions());
        conditions.removeIf(c -> c.getType().equals(Conditions.TRUNCATED));
        conditions.add(truncated);
        return s.withConditions(conditions);
    }

    private static String kib(int bytes) {
        return (bytes + 1023) / 1024 + " KiB";
    }
}
