package io.lxkns.operator.analysis;

import static io.lxkns.crds.Findings.INFO;
import static io.lxkns.crds.Findings.WARNING;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The findings about one node: each of its pods' specs against what the node observed. */
final class NodeChecks {
    /** For each type that isolates a pod ({@link Findings#ISOLATING}), the spec field that asks for the host's. */
    private static final Map<String, HostField> HOST_FIELDS = new TreeMap<>(Map.of(
            "net", new HostField("hostNetwork", PodSpec::getHostNetwork, "the node's network interfaces and ports"),
            "uts", new HostField("hostNetwork", PodSpec::getHostNetwork, "the node's hostname"),
            "pid", new HostField("hostPID", PodSpec::getHostPID, "every process on the node"),
            "ipc", new HostField("hostIPC", PodSpec::getHostIPC, "the node's System V IPC and POSIX message queues")));
    /** For each type a runtime's mode is given for, whether the spec asks for the host's (hostUsers defaults to true). */
    private static final Map<String, Predicate<PodSpec>> ASKS_HOST = new TreeMap<>(Map.of(
            "net", HOST_FIELDS.get("net")::requested,
            "pid", HOST_FIELDS.get("pid")::requested,
            "ipc", HOST_FIELDS.get("ipc")::requested,
            "user", spec -> !Boolean.FALSE.equals(spec.getHostUsers())));
    /**
     * What a pod's app containers share with its sandbox, by runtime: containerd's CRI plugin and
     * CRI-O join them to the sandbox's net, ipc and uts namespaces; Docker, as cri-dockerd drives it, joins net
     * and ipc only and gives each container its own uts namespace (with the pod's hostname in it).
     */
    private static final Map<String, List<String>> SANDBOX_SHARED = Map.of(
            "cri", List.of("net", "ipc", "uts"),
            "containerd", List.of("net", "ipc", "uts"),
            "docker", List.of("net", "ipc"));
    private static final List<String> SANDBOX_SHARED_BY_ANY = List.of("net", "ipc");

    private record HostField(String name, java.util.function.Function<PodSpec, Boolean> value, String exposes) {
        boolean requested(PodSpec spec) {
            return Boolean.TRUE.equals(value.apply(spec));
        }
    }

    private NodeChecks() {}

    static List<Finding> of(String node, NodeNamespacesStatus status, Map<String, Pod> podsByUid) {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> initial = status.initialNamespaces() == null ? Map.of() : status.initialNamespaces();
        // Every pod's isolating namespaces, each id with the pods in it, in the report's order.
        Map<String, List<String>> podsOfNamespace = new HashMap<>();
        for (PodEntry entry : status.pods() == null ? List.<PodEntry>of() : status.pods()) {
            String pod = entry.namespace() + "/" + entry.name();
            Map<String, List<String>> ids = namespacesByType(entry);
            Pod spec = podsByUid.get(entry.uid());
            if (spec != null && spec.getSpec() != null) {
                hostNamespaces(node, pod, entry, ids, spec.getSpec(), initial, findings);
                userNamespace(node, pod, entry, ids, spec.getSpec(), initial, findings);
                runtimeModes(node, pod, entry, spec.getSpec(), findings);
            }
            sandboxSharing(node, pod, entry, findings);
            for (String type : Findings.ISOLATING) {
                for (String id : ids.getOrDefault(type, List.of())) {
                    podsOfNamespace.computeIfAbsent(id, k -> new ArrayList<>(1)).add(pod);
                }
            }
        }
        UserMapChecks.of(node, status.pods() == null ? List.of() : status.pods(), findings);
        // Most namespaces hold one pod; those with more are sorted, by id and their pods by name.
        Map<String, Set<String>> shared = new TreeMap<>();
        podsOfNamespace.forEach((id, pods) -> {
            if (pods.size() > 1) {
                shared.put(id, new TreeSet<>(pods));
            }
        });
        shared.forEach((id, pods) -> {
            String type = id.substring(0, Math.max(0, id.indexOf(':')));
            if (Findings.sharedAcrossPods(type, id.equals(initial.get(type)), pods.size())) {
                // One finding per pod: each pod concerned gets its own Event, and kubectl describe on any of them shows it.
                for (String pod : pods) {
                    List<String> others = pods.stream().filter(p -> !p.equals(pod)).toList();
                    findings.add(new Finding(Findings.SHARED_ACROSS_PODS, WARNING, node, pod, id,
                            Findings.bounded("pod " + pod + " shares " + id + " with " + Findings.listed(others)
                                    + " on node " + node + "; every pod should have its own: look for a shared sandbox,"
                                    + " a hostPath mount of /proc/PID/ns, or a CNI fault.")));
                }
            }
        });
        if (status.findings() != null) {
            // Only the namespace id (checked to be one) is taken from the node: no pod, no words.
            status.findings().stream().filter(f -> Findings.LEAKED.equals(f.type()) && f.namespace() != null).forEach(f ->
                    findings.add(new Finding(Findings.LEAKED, WARNING, node, null, f.namespace(), "namespace "
                            + f.namespace() + " on node " + node + " is held only by bind mounts that no process,"
                            + " container or pod uses (kubectl get nodenamespaces " + node + " -o yaml shows where);"
                            + " if the pod it belonged to is gone, unmount and delete it (ip netns delete NAME).")));
        }
        return findings;
    }

    private static void hostNamespaces(String node, String pod, PodEntry entry, Map<String, List<String>> ids,
            PodSpec spec, Map<String, String> initial, List<Finding> findings) {
        for (Map.Entry<String, HostField> isolating : HOST_FIELDS.entrySet()) {
            String type = isolating.getKey();
            String host = initial.get(type);
            boolean inHost = host != null && (ids.getOrDefault(type, List.of()).contains(host)
                    || entry.hostNamespaces() != null && entry.hostNamespaces().contains(type));
            if (!inHost) {
                continue;
            }
            HostField field = isolating.getValue();
            if (field.requested(spec)) {
                findings.add(new Finding(Findings.HOST_NAMESPACE_REQUESTED, INFO, node, pod, host,
                        "pod " + pod + " is in the host's " + type + " namespace as its spec asks (" + field.name()
                                + ": true); it sees " + field.exposes() + "."));
            } else {
                findings.add(new Finding(Findings.HOST_NAMESPACE_UNEXPECTED, WARNING, node, pod, host,
                        "pod " + pod + " on node " + node + " is in the host's " + type + " namespace " + host
                                + " although its spec does not set " + field.name() + ": true, so it sees " + field.exposes()
                                + "; check its runtime class, the container runtime and the CNI plugin on that node."));
            }
        }
    }

    private static void userNamespace(String node, String pod, PodEntry entry, Map<String, List<String>> ids,
            PodSpec spec, Map<String, String> initial, List<Finding> findings) {
        if (!Boolean.FALSE.equals(spec.getHostUsers())) {
            return;
        }
        String hostUser = initial.get("user");
        List<String> users = ids.getOrDefault("user", List.of());
        // A report may lack the host's user namespace: then only the agent's own verdict counts.
        boolean inHost = hostUser != null && users.contains(hostUser)
                || entry.hostNamespaces() != null && entry.hostNamespaces().contains("user");
        if (inHost) {
            findings.add(new Finding(Findings.USER_NAMESPACE_NOT_ISOLATED, Findings.WARNING, node, pod, hostUser,
                    "pod " + pod + " sets hostUsers: false but runs in the host's user namespace " + hostUser
                            + " on node " + node + ", so root in the pod is root on the node; the node's kernel or "
                            + "runtime lacks user namespace support for pods."));
        } else if (!users.isEmpty()) {
            findings.add(new Finding(Findings.USER_NAMESPACE_ISOLATED, INFO, node, pod, users.get(0),
                    "pod " + pod + " runs in its own user namespace " + users.get(0) + " as hostUsers: false asks."));
        }
    }

    /**
     * The API server's spec against what the node's kubelet asked its CRI runtime for: they differ
     * for a static pod edited on the node, or where something between (a webhook after admission, a
     * patched kubelet) changed the pod.
     */
    private static void runtimeModes(String node, String pod, PodEntry entry, PodSpec spec, List<Finding> findings) {
        if (entry.sandbox() == null || entry.sandbox().modes() == null) {
            return;
        }
        Map<String, String> modes = entry.sandbox().modes();
        ASKS_HOST.forEach((type, asks) -> {
            boolean host = asks.test(spec);
            String mode = modes.get(type);
            if (mode != null && !mode.equals("target") && host != mode.equals("node")) {
                findings.add(new Finding(Findings.NAMESPACE_MODE_MISMATCH, WARNING, node, pod, null, "pod " + pod
                        + " on node " + node + ": its spec asks for " + (host ? "the host's " : "its own ") + type
                        + " namespace, but the node's runtime was asked for " + type + " mode " + mode
                        + "; the spec the API server holds is not the one enforced (a static pod changed on the node, or"
                        + " a changed kubelet)."));
            }
        });
    }

    private static void sandboxSharing(String node, String pod, PodEntry entry, List<Finding> findings) {
        List<PodContainer> containers = entry.containers() == null ? List.of() : entry.containers();
        PodContainer sandbox = containers.stream().filter(c -> Boolean.TRUE.equals(c.sandbox())).findFirst().orElse(null);
        if (sandbox == null || sandbox.namespaces() == null) {
            return;
        }
        Predicate<PodContainer> app = c -> !Boolean.TRUE.equals(c.sandbox()) && c.namespaces() != null;
        for (PodContainer container : containers.stream().filter(app).toList()) {
            for (String type : SANDBOX_SHARED.getOrDefault(container.engine(), SANDBOX_SHARED_BY_ANY)) {
                String own = container.namespaces().get(type);
                String pods = sandbox.namespaces().get(type);
                if (own != null && pods != null && !Objects.equals(own, pods)) {
                    findings.add(new Finding(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE, WARNING, node, pod, own,
                            "container " + container.name() + " of pod " + pod + " is in " + own + ", not in its pod's "
                                    + type + " namespace " + pods + "; it was started outside the pod's sandbox, "
                                    + "look at how the runtime created it."));
                }
            }
        }
    }

    /**
     * By type, the namespaces a pod's containers are in, sorted (the pod's own map's where no
     * container has one of that type); once per pod, as every check asks.
     */
    private static Map<String, List<String>> namespacesByType(PodEntry entry) {
        Map<String, List<String>> ids = new HashMap<>();
        if (entry.containers() != null) {
            for (PodContainer container : entry.containers()) {
                if (container.namespaces() != null) {
                    container.namespaces().forEach((type, id) -> {
                        List<String> known = ids.get(type);
                        // A pod's containers share most of their namespaces: mostly, the id is known.
                        if (id != null && (known == null || !known.contains(id))) {
                            ids.put(type, known == null ? List.of(id) : sortedWith(known, id));
                        }
                    });
                }
            }
        }
        if (entry.namespaces() != null) {
            entry.namespaces().forEach((type, id) -> {
                if (id != null) {
                    ids.putIfAbsent(type, List.of(id));
                }
            });
        }
        return ids;
    }

    private static List<String> sortedWith(List<String> ids, String id) {
        Set<String> all = new TreeSet<>(ids);
        all.add(id);
        return List.copyOf(all);
    }
}
