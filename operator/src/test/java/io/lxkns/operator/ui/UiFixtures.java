package io.lxkns.operator.ui;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.BindMountEntry;
import io.lxkns.crds.NodeNamespacesStatus.Leader;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import io.lxkns.operator.analysis.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster for the UI's tests: {@code size} nodes with three ordinary pods each; the last node is
 * missing, the one before stale. node-0000 holds what the views must show: shop/web in the host's
 * net namespace without hostNetwork, shop/api and shop/worker sharing a net namespace, a leaked
 * netns, a user namespace nested two deep owning shop/nested's namespaces, and words a
 * compromised node chose: markup and an escape sequence.
 */
record UiFixtures(List<Node> nodes, List<Pod> pods, List<NodeNamespaces> reports) {
    static final String HOSTILE_COMM = "<img src=x onerror=\"document.title='pwned'\">";
    static final String HOSTILE_PATH = "/run/netns/<b>bold</b>\u001b[31mred";
    static final String LEAKED_NET = "net:[4026539999]";
    static final String LEAKED_PATH = "/run/netns/cni-leaked-0";
    static final String SHARED_NET = "net:[4026538888]";
    static final String USER_OUTER = "user:[4026537001]";
    static final String USER_INNER = "user:[4026537002]";
    /** The PID of shop/api's app container; every other container's PID differs. */
    static final int API_PID = 424242;
    static final String API_NETNS = "/var/run/netns/cni-api-0000";

    static String node(int i) {
        return String.format("node-%04d", i);
    }

    /** Each node's host namespaces: different on every node, as after different boots. */
    static Map<String, String> host(int node) {
        Map<String, String> host = new HashMap<>();
        long base = 4026531835L + node * 100L;
        List<String> types = List.of("net", "pid", "ipc", "uts", "user", "mnt", "cgroup", "time");
        for (int t = 0; t < types.size(); t++) {
            host.put(types.get(t), types.get(t) + ":[" + (base + t) + "]");
        }
        return host;
    }

    static UiFixtures cluster(int size, Instant now) {
        List<Node> nodes = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        List<NodeNamespaces> reports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String name = node(i);
            nodes.add(Fixtures.node(name));
            if (i == size - 1) {
                continue; // missing: no report
            }
            Map<String, String> host = host(i);
            List<PodEntry> entries = new ArrayList<>();
            List<NamespaceEntry> namespaces = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                String pod = "app-" + i + "-" + p;
                pods.add(Fixtures.on(name, Fixtures.isolatedPod("tenant-" + (i % 10), pod)));
                Map<String, String> own = own(host, 4100000000L + (i * 10L + p) * 10);
                entries.add(entry("tenant-" + (i % 10), pod, own, 100000 + i * 10 + p, "/var/run/netns/cni-" + pod));
            }
            List<NodeNamespacesStatus.Finding> agentFindings = new ArrayList<>();
            if (i == 0) {
                special(name, host, pods, entries, namespaces, agentFindings);
            }
            Instant observed = i == size - 2 ? now.minus(Duration.ofHours(1)) : now;
            NodeNamespaces report = new NodeNamespaces();
            report.setMetadata(new ObjectMetaBuilder().withName(name).build());
            report.setStatus(new NodeNamespacesStatus(new NodeNamespacesStatus.NodeIdentity(name, "boot-" + i,
                    i == 0 ? "6.18\u001b[2J" : "6.18", "test"), observed.toString(), 10L,
                    new Summary(entries.size() * 5, Map.of("net", entries.size() + 1, "pid", entries.size() + 1,
                            "user", 1), 50, entries.size() * 2, entries.size(), 0, agentFindings.size()),
                    host, namespaces, entries, agentFindings, List.of()));
            reports.add(report);
        }
        return new UiFixtures(nodes, pods, reports);
    }

    private static void special(String node, Map<String, String> host, List<Pod> pods, List<PodEntry> entries,
            List<NamespaceEntry> namespaces, List<NodeNamespacesStatus.Finding> agentFindings) {
        // shop/web: the host's net namespace, no hostNetwork in its spec.
        pods.add(Fixtures.on(node, Fixtures.isolatedPod("shop", "web")));
        Map<String, String> web = own(host, 4026535000L);
        web.put("net", host.get("net"));
        entries.add(entry("shop", "web", web, 300001, null));
        // shop/api and shop/worker: one net namespace for two pods.
        for (String name : List.of("api", "worker")) {
            pods.add(Fixtures.on(node, Fixtures.isolatedPod("shop", name)));
            Map<String, String> shared = own(host, name.equals("api") ? 4026536000L : 4026536100L);
            shared.put("net", SHARED_NET);
            entries.add(entry("shop", name, shared, name.equals("api") ? API_PID : 300002,
                    name.equals("api") ? API_NETNS : null));
        }
        // shop/nested: hostUsers false, in a user namespace nested in another.
        pods.add(Fixtures.on(node, Fixtures.pod("shop", "nested", null, null, null, false)));
        Map<String, String> nested = own(host, 4026537100L);
        nested.put("user", USER_INNER);
        entries.add(entry("shop", "nested", nested, 300003, null));
        String hostUser = host.get("user");
        namespaces.add(new NamespaceEntry(USER_OUTER, "user", List.of("proc"), hostUser, hostUser, 2,
                new Leader(5001, HOSTILE_COMM), null, null, null));
        namespaces.add(new NamespaceEntry(USER_INNER, "user", List.of("proc"), USER_OUTER, USER_OUTER, 1,
                new Leader(300003, "nested-init"), null, List.of("app-nested"), List.of("shop/nested")));
        for (Map.Entry<String, String> e : nested.entrySet()) {
            if (!e.getKey().equals("user") && !e.getValue().equals(host.get(e.getKey()))) {
                namespaces.add(new NamespaceEntry(e.getValue(), e.getKey(), List.of("proc"), USER_INNER, null, 1,
                        new Leader(300003, "nested-init"), null, List.of("app-nested"), List.of("shop/nested")));
            }
        }
        namespaces.add(new NamespaceEntry(SHARED_NET, "net", List.of("proc"), hostUser, null, 2,
                new Leader(API_PID, "api"), null, null, List.of("shop/api", "shop/worker")));
        namespaces.add(new NamespaceEntry(LEAKED_NET, "net", List.of("bindmount"), hostUser, null, 0, null,
                List.of(new BindMountEntry(LEAKED_PATH, host.get("mnt")), new BindMountEntry(HOSTILE_PATH, host.get("mnt"))),
                null, null));
        agentFindings.add(new NodeNamespacesStatus.Finding(Findings.LEAKED, Findings.WARNING, "leaked", LEAKED_NET, null));
    }

    /** The reports with each pod entry's uid replaced by the one the API server gave that pod. */
    List<NodeNamespaces> withUids(Map<String, String> uidByPod) {
        return reports.stream().map(r -> {
            NodeNamespaces copy = new NodeNamespaces();
            copy.setMetadata(r.getMetadata());
            copy.setStatus(r.getStatus().withPods(r.getStatus().pods().stream().map(e -> new PodEntry(e.namespace(),
                    e.name(), uidByPod.get(e.namespace() + "/" + e.name()), e.namespaces(), e.hostNamespaces(),
                    e.containers(), e.sandbox())).toList()));
            return copy;
        }).toList();
    }

    /** A pod's own namespaces, numbered from {@code base}, with the host's user, cgroup and time. */
    private static Map<String, String> own(Map<String, String> host, long base) {
        Map<String, String> own = new HashMap<>(host);
        List<String> types = List.of("net", "pid", "ipc", "uts", "mnt");
        for (int t = 0; t < types.size(); t++) {
            own.put(types.get(t), types.get(t) + ":[" + (base + t) + "]");
        }
        return own;
    }

    private static PodEntry entry(String namespace, String name, Map<String, String> ns, int pid, String netns) {
        return new PodEntry(namespace, name, Fixtures.uid(namespace, name), ns, null, List.of(
                new PodContainer("POD", "sbx-" + name, "containerd", true, pid + 500000, ns),
                new PodContainer("app", "app-" + name, "containerd", false, pid, ns)),
                new PodSandbox("sbx-" + name, "containerd 1.7.20", "ready",
                        Map.of("net", "pod", "pid", "pod", "ipc", "pod"), netns, null, null));
    }
}
