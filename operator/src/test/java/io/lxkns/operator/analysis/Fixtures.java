package io.lxkns.operator.analysis;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for the objects the analysis reads: what a cluster and its agents would hold. */
public final class Fixtures {
    /** Every node's host namespaces in these tests. */
    public static final Map<String, String> HOST = Map.of("net", "net:[1]", "pid", "pid:[2]", "ipc", "ipc:[3]",
            "uts", "uts:[4]", "user", "user:[5]", "mnt", "mnt:[6]", "cgroup", "cgroup:[7]", "time", "time:[8]");

    private Fixtures() {}

    public static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid("uid-" + name).endMetadata().build();
    }

    /** The node the fixtures' pods are scheduled on, unless {@link #on} moves them. */
    public static final String NODE = "n1";

    public static Pod pod(String namespace, String name, Boolean hostNetwork, Boolean hostPID, Boolean hostIPC,
            Boolean hostUsers) {
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                        .withUid(uid(namespace, name)).build())
                .withNewSpec().withNodeName(NODE).withHostNetwork(hostNetwork).withHostPID(hostPID).withHostIPC(hostIPC)
                .withHostUsers(hostUsers).addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build();
    }

    public static Pod isolatedPod(String namespace, String name) {
        return pod(namespace, name, null, null, null, null);
    }

    /** {@code pod}, scheduled on {@code node}. */
    public static Pod on(String node, Pod pod) {
        pod.getSpec().setNodeName(node);
        return pod;
    }

    /** A pod as a node saw it: a sandbox plus one app container, with the given namespaces. */
    public static PodEntry entry(String namespace, String name, Map<String, String> sandbox, Map<String, String> app) {
        return new PodEntry(namespace, name, uid(namespace, name), sandbox, null, List.of(
                new PodContainer("POD", "sbx-" + name, "containerd", true, 100, sandbox),
                new PodContainer("app", "app-" + name, "containerd", false, 101, app)));
    }

    /** Own namespaces for a pod, numbered from {@code base}, with the host's for the rest. */
    public static Map<String, String> own(int base) {
        Map<String, String> namespaces = new HashMap<>(HOST);
        namespaces.put("net", "net:[" + base + "]");
        namespaces.put("pid", "pid:[" + (base + 1) + "]");
        namespaces.put("ipc", "ipc:[" + (base + 2) + "]");
        namespaces.put("uts", "uts:[" + (base + 3) + "]");
        namespaces.put("mnt", "mnt:[" + (base + 4) + "]");
        return namespaces;
    }

    public static Map<String, String> with(Map<String, String> namespaces, String type, String id) {
        Map<String, String> changed = new HashMap<>(namespaces);
        changed.put(type, id);
        return changed;
    }

    public static NodeNamespaces report(String node, Instant observedAt, List<PodEntry> pods, List<Finding> findings) {
        NodeNamespaces report = new NodeNamespaces();
        report.setMetadata(new ObjectMetaBuilder().withName(node).build());
        report.setStatus(new NodeNamespacesStatus(new NodeNamespacesStatus.NodeIdentity(node, "boot", "6.18", "test"),
                observedAt.toString(), 10L, new Summary(pods.size() * 5, Map.of("net", pods.size() + 1), 50, pods.size() * 2,
                        pods.size(), 0, findings.size()), HOST, List.of(), pods, findings, List.of()));
        return report;
    }

    public static String uid(String namespace, String name) {
        return "uid-" + namespace + "-" + name;
    }
}
