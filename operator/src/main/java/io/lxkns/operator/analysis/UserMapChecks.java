package io.lxkns.operator.analysis;

import static io.lxkns.crds.Findings.WARNING;

import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.IdRange;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hostUsers: false} proven on one node, from the user namespace maps its agent read from the
 * kernel: no pod's map may include the host's root, and no two pods may map the same host ids.
 * Only pods the API server places on the node are looked at (the caller verified them).
 */
final class UserMapChecks {
    private record Mapped(String pod, List<IdRange> ranges) {}

    private UserMapChecks() {}

    static void of(String node, List<PodEntry> pods, List<Finding> findings) {
        List<Mapped> mapped = new ArrayList<>();
        for (PodEntry entry : pods) {
            if (entry.sandbox() != null && entry.sandbox().uidMap() != null && !entry.sandbox().uidMap().isEmpty()) {
                mapped.add(new Mapped(entry.namespace() + "/" + entry.name(),
                        entry.sandbox().uidMap().stream().map(IdRange::parse).toList()));
            }
        }
        for (int i = 0; i < mapped.size(); i++) {
            Mapped pod = mapped.get(i);
            if (IdRange.anyMapsHostRoot(pod.ranges())) {
                findings.add(new Finding(Findings.USER_NAMESPACE_MAPS_HOST_ROOT, WARNING, node, pod.pod(), null,
                        "pod " + pod.pod() + " on node " + node + " has its own user namespace, but it maps the node's"
                                + " root: root in the pod is root on the node for everything the pod can reach."));
            }
            List<String> sharing = new ArrayList<>();
            for (Mapped other : mapped) {
                if (other != pod && !other.pod().equals(pod.pod()) && IdRange.overlapOnHost(pod.ranges(), other.ranges())) {
                    sharing.add(other.pod());
                }
            }
            if (!sharing.isEmpty()) {
                findings.add(new Finding(Findings.USER_NAMESPACE_OVERLAP, WARNING, node, pod.pod(), null,
                        Findings.bounded("pod " + pod.pod() + " on node " + node + " maps host uids that pods "
                                + Findings.listed(sharing) + " map too: the same users on the node, so one pod's root"
                                + " can reach the other's files and processes.")));
            }
        }
    }
}
