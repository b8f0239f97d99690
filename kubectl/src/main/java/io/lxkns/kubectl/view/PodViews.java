package io.lxkns.kubectl.view;

import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.PodFacts;
import io.lxkns.kubectl.openreports.LxknsReport;
import io.lxkns.kubectl.openreports.ReportResult;
import io.lxkns.kubectl.view.PodView.ContainerView;
import io.lxkns.kubectl.view.PodView.NamespaceCell;
import io.lxkns.kubectl.view.PodView.Observed;
import io.lxkns.kubectl.view.PodView.SandboxView;
import io.lxkns.kubectl.view.PodView.Spec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Makes a {@link PodView} from a node's report or from the namespace's lxkns Report. */
public final class PodViews {
    /** The most other pods a cell names: enough to act on, bounded whatever a node claims. */
    static final int MAX_SHARED_WITH = 20;

    private PodViews() {}

    /**
     * The pod as its node's agent saw it: the entry of {@code status.pods} with the pod's uid.
     *
     * @throws Failure when the report has no such entry (yet)
     */
    public static PodView fromNode(PodFacts pod, String node, NodeNamespacesStatus status, List<FindingView> findings) {
        List<PodEntry> pods = status.pods() == null ? List.of() : status.pods();
        PodEntry entry = pods.stream().filter(p -> p != null && pod.uid() != null && pod.uid().equals(p.uid()))
                .findFirst().orElseThrow(() -> notInReport(pod, node, status, pods));
        Map<String, String> initial = status.initialNamespaces() == null ? Map.of() : status.initialNamespaces();
        Map<String, Set<String>> others = podsByNamespace(status, pod);

        List<ContainerView> containers = new ArrayList<>();
        List<PodContainer> listed = entry.containers() == null ? List.of() : entry.containers();
        for (boolean sandboxes : new boolean[] {true, false}) {
            for (PodContainer c : listed) {
                if (c != null && Boolean.TRUE.equals(c.sandbox()) == sandboxes) {
                    containers.add(new ContainerView(c.name(), c.id(), c.engine(), sandboxes, c.pid(),
                            cells(c.namespaces(), initial, others)));
                }
            }
        }
        Map<String, NamespaceCell> podNamespaces = cells(entry.namespaces(), initial, others);
        return new PodView(pod.qualifiedName(), pod.uid(), node, PodView.FROM_NODE, status.observedAt(), spec(pod),
                observed(podNamespaces, containers), podNamespaces, containers, sandbox(entry.sandbox()), findings);
    }

    /**
     * The pod as the namespace's lxkns Report has it: the pod-level namespaces of its results.
     *
     * @throws Failure when the Report has no result about the pod (yet)
     */
    public static PodView fromReport(PodFacts pod, LxknsReport report, List<FindingView> findings) {
        Predicate<ReportResult> aboutPod = r -> r.isAbout(pod.namespace(), pod.name(), pod.uid());
        ReportResult result = report.results().stream().filter(aboutPod.and(r -> !r.podNamespaces().isEmpty()))
                .findFirst().orElseThrow(() -> new Failure("pod " + pod.qualifiedName() + " is not (yet) in Report "
                        + PolicyReports.NAME + " in namespace " + pod.namespace() + (report.omitted() > 0
                                ? ", which left out " + report.omitted() + " results (it holds at most 400, failures first)"
                                : ": the operator adds a pod once its node has reported it")));
        String node = result.node() != null ? result.node() : pod.nodeName();

        // Other pods of this namespace on the same node in the same namespace: all a namespace-scoped
        // user can know of sharing (pods of other namespaces are in Reports they cannot read).
        Map<String, Set<String>> others = new HashMap<>();
        for (ReportResult other : report.results()) {
            if (!aboutPod.test(other) && other.podName() != null && Objects.equals(node, other.node())) {
                for (String id : other.podNamespaces().values()) {
                    if (NamespaceTypes.isId(id)) {
                        others.computeIfAbsent(id, k -> new TreeSet<>()).add(other.podName());
                    }
                }
            }
        }
        Map<String, NamespaceCell> namespaces = new LinkedHashMap<>();
        Map<String, String> byType = result.podNamespaces();
        for (String type : NamespaceTypes.ORDER) {
            String value = byType.get(type);
            if (PolicyReports.HOST.equals(value)) {
                namespaces.put(type, new NamespaceCell(null, true, List.of()));
            } else if (NamespaceTypes.isId(value) && value.startsWith(type + ":")) {
                namespaces.put(type, new NamespaceCell(value, false, sharedWith(others.get(value))));
            }
        }
        return new PodView(pod.qualifiedName(), pod.uid(), node, PodView.FROM_REPORT, null, spec(pod),
                observed(namespaces, List.of()), namespaces, List.of(), null, findings);
    }

    private static Failure notInReport(PodFacts pod, String node, NodeNamespacesStatus status, List<PodEntry> pods) {
        String observed = status.observedAt() == null ? "" : " (observed " + status.observedAt() + ")";
        boolean olderPod = pods.stream().anyMatch(p -> p != null && pod.namespace().equals(p.namespace())
                && pod.name().equals(p.name()));
        return new Failure("pod " + pod.qualifiedName() + " is not (yet) in node " + node + "'s report" + observed
                + (olderPod ? ": the report has an earlier pod of that name (another uid)" : "")
                + ": its agent writes a new one within about a minute of a change");
    }

    /** For each namespace id on the node, the other pods (namespace/name) in it. */
    private static Map<String, Set<String>> podsByNamespace(NodeNamespacesStatus status, PodFacts pod) {
        Map<String, Set<String>> byId = new HashMap<>();
        String self = pod.qualifiedName();
        for (PodEntry other : status.pods() == null ? List.<PodEntry>of() : status.pods()) {
            if (other == null || Objects.equals(other.uid(), pod.uid()) || other.name() == null) {
                continue;
            }
            String name = other.namespace() + "/" + other.name();
            if (name.equals(self)) {
                continue; // an earlier pod of the same name: not "another pod" to the reader
            }
            addAll(byId, values(other.namespaces()), name);
            if (other.containers() != null) {
                for (PodContainer c : other.containers()) {
                    if (c != null) {
                        addAll(byId, values(c.namespaces()), name);
                    }
                }
            }
        }
        // The node's namespace list names pods too (also those whose pod entry the size cap dropped).
        for (NamespaceEntry ns : status.namespaces() == null ? List.<NamespaceEntry>of() : status.namespaces()) {
            if (ns != null && ns.id() != null && ns.pods() != null) {
                for (String name : ns.pods()) {
                    if (name != null && !name.equals(self)) {
                        byId.computeIfAbsent(ns.id(), k -> new TreeSet<>()).add(name);
                    }
                }
            }
        }
        return byId;
    }

    private static Collection<String> values(Map<String, String> map) {
        return map == null ? List.of() : map.values();
    }

    private static void addAll(Map<String, Set<String>> byId, Collection<String> ids, String pod) {
        for (String id : ids) {
            if (NamespaceTypes.isId(id)) {
                byId.computeIfAbsent(id, k -> new TreeSet<>()).add(pod);
            }
        }
    }

    private static Map<String, NamespaceCell> cells(Map<String, String> namespaces, Map<String, String> initial,
            Map<String, Set<String>> others) {
        Map<String, NamespaceCell> cells = new LinkedHashMap<>();
        if (namespaces == null) {
            return cells;
        }
        for (String type : NamespaceTypes.ORDER) {
            String id = namespaces.get(type);
            if (NamespaceTypes.isId(id) && id.startsWith(type + ":")) {
                boolean host = id.equals(initial.get(type));
                cells.put(type, new NamespaceCell(id, host, host ? List.of() : sharedWith(others.get(id))));
            }
        }
        return cells;
    }

    private static List<String> sharedWith(Set<String> pods) {
        return pods == null ? List.of() : pods.stream().limit(MAX_SHARED_WITH).toList();
    }

    private static Spec spec(PodFacts pod) {
        return new Spec(pod.hostNetwork(), pod.hostPID(), pod.hostIPC(), pod.hostUsers(), pod.shareProcessNamespace());
    }

    private static Observed observed(Map<String, NamespaceCell> pod, List<ContainerView> containers) {
        return new Observed(inHost("net", pod, containers), inHost("pid", pod, containers),
                inHost("ipc", pod, containers), inHost("user", pod, containers), sharesPid(containers));
    }

    /** True when the pod or a container is in the host's namespace of {@code type}; null when none says. */
    private static Boolean inHost(String type, Map<String, NamespaceCell> pod, List<ContainerView> containers) {
        List<NamespaceCell> cells = new ArrayList<>();
        if (pod.get(type) != null) {
            cells.add(pod.get(type));
        }
        containers.forEach(c -> {
            if (c.namespaces().get(type) != null) {
                cells.add(c.namespaces().get(type));
            }
        });
        return cells.isEmpty() ? null : cells.stream().anyMatch(NamespaceCell::host);
    }

    /**
     * Whether the app containers share one PID namespace: with a sandbox, the sandbox's (that is
     * what {@code shareProcessNamespace} makes the runtime do); without, each other's. One app
     * container and no sandbox cannot tell.
     */
    private static Boolean sharesPid(List<ContainerView> containers) {
        String sandboxPid = containers.stream().filter(ContainerView::sandbox).map(PodViews::pidOf).filter(Objects::nonNull)
                .findFirst().orElse(null);
        List<String> apps = containers.stream().filter(c -> !c.sandbox()).map(PodViews::pidOf).filter(Objects::nonNull)
                .toList();
        if (apps.isEmpty() || (sandboxPid == null && apps.size() < 2)) {
            return null;
        }
        String shared = sandboxPid != null ? sandboxPid : apps.get(0);
        return apps.stream().allMatch(shared::equals);
    }

    private static String pidOf(ContainerView container) {
        NamespaceCell cell = container.namespaces().get("pid");
        return cell == null ? null : cell.id();
    }

    private static SandboxView sandbox(PodSandbox sandbox) {
        if (sandbox == null) {
            return null;
        }
        Map<String, String> modes = null;
        if (sandbox.modes() != null) {
            modes = new LinkedHashMap<>(); // in the plugin's type order, whatever the object's
            for (String type : NamespaceTypes.ORDER) {
                if (sandbox.modes().get(type) != null) {
                    modes.put(type, sandbox.modes().get(type));
                }
            }
        }
        return new SandboxView(sandbox.id(), sandbox.runtime(), sandbox.state(), modes, sandbox.netnsPath(),
                sandbox.uidMap(), sandbox.gidMap());
    }
}
