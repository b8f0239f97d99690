package io.lxkns.agent.report;

import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.NetnsOwner;
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
 * What one node can tell about itself, without the API server's pod specs (the operator compares
 * those): namespaces held only by a bind mount that nothing uses (a leaked {@code cni-…} netns, say,
 * with the pod it was made for where the runtime or the agent's memory tells), namespaces shared by
 * containers of different pods, and the {@link PodChecks} against the runtime's view of each pod.
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
        List<Namespace> leaked = new ArrayList<>();
        for (Namespace ns : view.discovery().namespaces().values()) {
            if (ns.initial()) {
                continue;
            }
            NetnsOwner owner = view.netnsOwners().get(ns.id());
            // A ready sandbox's pinned namespace is the runtime's to hold (CRI-O without an infra
            // container pins them while the pod's containers are not running).
            if (isLeaked(ns, inUseByOthers) && (owner == null || !owner.ready())) {
                leaked.add(ns);
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
        // A tenant can leak ten thousand namespaces: a few are named, the rest counted. Named first
        // are those that say most: the pod they were made for, then the most bind mounts.
        leaked.sort(Comparator.comparing((Namespace ns) -> view.netnsOwners().get(ns.id()) == null)
                .thenComparing(ns -> -(ns.bindMounts().size() + ns.unlisted()))
                .thenComparing(Namespace::id));
        for (Namespace ns : leaked.subList(0, Math.min(leaked.size(), LEAKED_NAMED))) {
            findings.add(leak(ns, view.netnsOwners().get(ns.id())));
        }
        if (leaked.size() > LEAKED_NAMED) {
            findings.add(new Finding(Findings.LEAKED, Findings.WARNING, (leaked.size() - LEAKED_NAMED) + " more namespaces"
                    + " are held only by bind mounts that nothing uses (lxkns ls on the node lists them).", null, null));
        }
        findings.addAll(PodChecks.of(view));
        // Pods first: sharing between pods is what the operator checks against their specs.
        findings.sort(Comparator.comparing((Finding f) -> ORDER.indexOf(f.type()))
                .thenComparing(f -> f.pod() == null ? "~" : f.pod())
                .thenComparing(f -> f.namespace() == null ? "~" : f.namespace()));
        return findings;
    }

    private static Finding leak(Namespace ns, NetnsOwner owner) {
        List<String> paths = ns.bindMounts().stream().map(m -> m.path()).distinct().toList();
        int more = ns.unlisted();
        return new Finding(Findings.LEAKED, Findings.WARNING, Findings.bounded(ns.id()
                + " is held only by the bind mount " + Findings.listed(paths) + (more > 0 ? " (and " + more
                + " more not listed)" : "") + " and no process, container or pod uses it; "
                + (owner == null ? "if the pod it belonged to is gone" : madeFor(owner) + "; as that pod is gone")
                + ", unmount and delete it (for /run/netns/NAME: ip netns delete NAME)."),
                ns.id().toString(), owner == null ? null : owner.pod());
    }

    private static final List<String> ORDER = List.of(Findings.SHARED_ACROSS_PODS, Findings.NAMESPACE_MODE_MISMATCH,
            Findings.USER_NAMESPACE_MAPS_HOST_ROOT, Findings.USER_NAMESPACE_OVERLAP, Findings.LEAKED);

    /** {@code it was made for pod default/web (sandbox 3f2a…), gone since …}. */
    private static String madeFor(NetnsOwner owner) {
        String sandbox = owner.sandboxId().length() > 12 ? owner.sandboxId().substring(0, 12) : owner.sandboxId();
        return "it was made for pod " + owner.pod() + " (sandbox " + sandbox + (owner.path() == null ? ""
                : ", " + owner.path()) + "), " + (owner.gone() != null ? "gone since " + owner.gone()
                : "whose sandbox the runtime lists as not ready");
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
