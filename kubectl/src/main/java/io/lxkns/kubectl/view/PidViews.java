package io.lxkns.kubectl.view;

import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.kubectl.view.PidView.ContainerMatch;
import io.lxkns.kubectl.view.PidView.LeaderMatch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Makes a {@link PidView}: exact matches only, never a guess from a nearby PID. */
public final class PidViews {
    private PidViews() {}

    public static PidView fromNode(String node, int pid, NodeNamespacesStatus status) {
        List<ContainerMatch> containers = new ArrayList<>();
        for (PodEntry pod : status.pods() == null ? List.<PodEntry>of() : status.pods()) {
            if (pod == null || pod.containers() == null) {
                continue;
            }
            for (PodContainer c : pod.containers()) {
                if (c != null && c.pid() != null && c.pid() == pid) {
                    containers.add(new ContainerMatch(pod.namespace() + "/" + pod.name(), pod.uid(), c.name(), c.id(),
                            c.engine(), Boolean.TRUE.equals(c.sandbox())));
                }
            }
        }
        List<LeaderMatch> leaderOf = new ArrayList<>();
        for (NamespaceEntry ns : status.namespaces() == null ? List.<NamespaceEntry>of() : status.namespaces()) {
            if (ns != null && ns.leader() != null && ns.leader().pid() != null && ns.leader().pid() == pid
                    && NamespaceTypes.isId(ns.id())) {
                leaderOf.add(new LeaderMatch(ns.id(), ns.type(), ns.leader().comm(),
                        ns.pods() == null ? List.of() : ns.pods(), ns.containers() == null ? List.of() : ns.containers()));
            }
        }
        leaderOf.sort(Comparator.comparing(m -> NamespaceTypes.sortKey(m.namespace())));
        return new PidView(node, pid, status.observedAt(), containers, leaderOf);
    }
}
