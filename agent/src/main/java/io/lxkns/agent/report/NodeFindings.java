package io.lxkns.agent.report;

import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.NodeView;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.Source;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one node can tell about itself, without the pods' specs (the operator compares those):
 * namespaces held only by a bind mount that nothing uses (a leaked {@code cni-…} netns, say), and
 * namespaces shared by containers of different pods.
 */
public final class NodeFindings {
    private NodeFindings() {}

    public static List<Finding> of(NodeView view) {
        Set<NamespaceId> inUseByOthers = new HashSet<>();
        for (Namespace ns : view.discovery().namespaces().values()) {
            inUseByOthers.add(ns.owner());
            inUseByOthers.add(ns.parent());
        }
        List<Finding> findings = new ArrayList<>();
        int leaked = 0;
        for (Namespace ns : view.discovery().namespaces().values()) {
            if (ns.initial()) {
                continue;
            }
            // A tenant can leak ten thousand namespaces: the first few are named, the rest counted.
            boolean leakedNamespace = isLeaked(ns, inUseByOthers);
            if (leakedNamespace && ++leaked > LEAKED_NAMED) {
                continue;
            }
            if (leakedNamespace) {
                List<String> paths = ns.bindMounts().stream().map(m -> m.path()).distinct().toList();
                int more = ns.unlisted();
                findings.add(new Finding(Findings.LEAKED, Findings.WARNING, Findings.bounded(ns.id()
                        + " is held only by the bind mount " + Findings.listed(paths) + (more > 0 ? " (and " + more
                        + " more not listed)" : "") + " and no process, container or pod uses it; if the pod it belonged"
                        + " to is gone, unmount and delete it (for /run/netns/NAME: ip netns delete NAME)."),
                        ns.id().toString(), null));
            }
            List<Pod> pods = view.podsIn(ns.id());
            if (Findings.sharedAcrossPods(ns.type().procName(), ns.initial(), pods.size())) {
                List<String> names = pods.stream().map(Pod::qualifiedName).toList();
                findings.add(new Finding(Findings.SHARED_ACROSS_PODS, Findings.WARNING, Findings.bounded("pods "
                        + Findings.listed(names) + " share " + ns.id() + ": each pod should have its own "
                        + ns.type().procName() + " namespace; check how they were started (a shared sandbox, a hostPath"
                        + " to /proc/PID/ns, a CNI fault)."), ns.id().toString(), pods.get(0).qualifiedName()));
            }
        }
        if (leaked > LEAKED_NAMED) {
            findings.add(new Finding(Findings.LEAKED, Findings.WARNING, (leaked - LEAKED_NAMED) + " more namespaces are"
                    + " held only by bind mounts that nothing uses (lxkns ls on the node lists them).", null, null));
        }
        // Pods first: sharing between pods is what the operator checks against their specs.
        findings.sort(Comparator.comparing((Finding f) -> !f.type().equals(Findings.SHARED_ACROSS_PODS))
                .thenComparing(f -> f.namespace() == null ? "~" : f.namespace()));
        return findings;
    }

    /** Leaked namespaces named one by one; the rest are one counted finding. */
    static final int LEAKED_NAMED = 5;

    /**
     * Held by nothing but bind mounts: no process, thread, fd or socket (those would be sources), and
     * no other namespace has it as its owner or parent (that would be a use, too).
     */
    private static boolean isLeaked(Namespace ns, Set<NamespaceId> inUseByOthers) {
        return ns.sources().equals(Set.of(Source.BINDMOUNT)) && !inUseByOthers.contains(ns.id());
    }
}
