package io.lxkns.kubectl.testing;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.BindMountEntry;
import io.lxkns.crds.NodeNamespacesStatus.Leader;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodSandbox;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small cluster as the agent and operator would describe it. Node n1 runs:
 *
 * <ul>
 * <li>shop/web: a sandbox and two containers, in the host's PID namespace without hostPID (a
 *     HostNamespaceUnexpected finding), its network namespace shared with shop/db (found on both);
 *     a CRI sandbox with modes and a netns path;
 * <li>shop/db: its own namespaces but the network namespace it shares with shop/web;
 * <li>shop/isolated: {@code hostUsers: false}, in its own user namespace, which owns its other namespaces;
 * <li>other/api: in the host's network namespace without hostNetwork; the finding's message and a
 *     leader's comm carry terminal escape sequences, as a hostile node could write them;
 * <li>shop/tools: in the host's network namespace, as its hostNetwork asks (HostNamespaceRequested, an info);
 * <li>a bind-mounted network namespace no process is in (LeakedNamespace).
 * </ul>
 * Node n2 exists, has no NodeNamespaces.
 */
public final class Fixtures {
    public static final String NODE = "n1";
    public static final String OBSERVED = "2026-01-22T10:00:00Z";

    public static final Map<String, String> HOST = hostNamespaces();

    // The pods' own namespaces.
    public static final String WEB_NET = "net:[4026532301]";
    public static final String WEB_IPC = "ipc:[4026532302]";
    public static final String WEB_UTS = "uts:[4026532303]";
    public static final String WEB_MNT_SANDBOX = "mnt:[4026532304]";
    public static final String WEB_MNT_APP = "mnt:[4026532305]";
    public static final String WEB_MNT_SIDECAR = "mnt:[4026532306]";
    public static final String DB_IPC = "ipc:[4026532402]";
    public static final String DB_UTS = "uts:[4026532403]";
    public static final String DB_PID = "pid:[4026532404]";
    public static final String DB_MNT = "mnt:[4026532405]";
    public static final String ISO_USER = "user:[4026532500]";
    public static final String ISO_NET = "net:[4026532501]";
    public static final String ISO_PID = "pid:[4026532502]";
    public static final String ISO_IPC = "ipc:[4026532503]";
    public static final String ISO_NESTED_USER = "user:[4026532510]";
    public static final String ISO_NESTED_NET = "net:[4026532511]";
    public static final String API_MNT = "mnt:[4026532601]";
    public static final String TOOLS_MNT = "mnt:[4026532701]";
    public static final String LEAKED = "net:[4026532900]";
    /** What a hostile process named itself: an escape sequence that would turn the terminal red. */
    public static final String HOSTILE_COMM = "\u001b[31mevil";
    /** A message with an OSC sequence that would set the terminal's title, and a bidi override. */
    public static final String HOSTILE_MESSAGE = "other/api is in the host's net namespace \u001b]0;pwned\u0007 \u202eipa/rehto";

    private Fixtures() {}

    private static Map<String, String> hostNamespaces() {
        Map<String, String> host = new LinkedHashMap<>();
        host.put("net", "net:[4026531840]");
        host.put("pid", "pid:[4026531836]");
        host.put("ipc", "ipc:[4026531839]");
        host.put("uts", "uts:[4026531838]");
        host.put("user", "user:[4026531837]");
        host.put("mnt", "mnt:[4026531841]");
        host.put("cgroup", "cgroup:[4026531835]");
        host.put("time", "time:[4026531834]");
        return Map.copyOf(host);
    }

    /**
     * The uid of a fixture pod: the mock API server gives each pod its own when it is created, and
     * {@link #install} records them here before it writes the reports that name them.
     */
    public static String uid(String namespace, String name) {
        return UIDS.getOrDefault(namespace + "/" + name, "uid-" + namespace + "-" + name);
    }

    private static final Map<String, String> UIDS = new ConcurrentHashMap<>();

    public static Pod pod(String namespace, String name, String node) {
        return new PodBuilder().withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                        .withUid(uid(namespace, name)).build())
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("busybox").endContainer()
                .endSpec().build();
    }

    /** All pods of the fixture cluster, with their spec flags. */
    public static List<Pod> pods() {
        Pod web = pod("shop", "web", NODE);
        web.getSpec().getContainers().add(new ContainerBuilder().withName("sidecar")
                .withImage("busybox").build());
        Pod db = pod("shop", "db", NODE);
        db.getSpec().setHostIPC(false);
        Pod isolated = pod("shop", "isolated", NODE);
        isolated.getSpec().setHostUsers(false);
        Pod api = pod("other", "api", NODE);
        Pod tools = pod("shop", "tools", NODE);
        tools.getSpec().setHostNetwork(true);
        Pod pending = pod("shop", "pending", null);
        Pod elsewhere = pod("shop", "elsewhere", "n2");
        Pod late = pod("shop", "late", NODE); // scheduled, but not in n1's report yet
        return List.of(web, db, isolated, api, tools, pending, elsewhere, late);
    }

    private static Map<String, String> with(Map<String, String> base, String... typeAndId) {
        Map<String, String> changed = new HashMap<>(base);
        for (int i = 0; i < typeAndId.length; i += 2) {
            changed.put(typeAndId[i], typeAndId[i + 1]);
        }
        return changed;
    }

    public static NodeNamespaces nodeReport() {
        String hostUser = HOST.get("user");
        // shop/web: own net (shared with db), ipc, uts; the host's pid; a mount namespace per container.
        Map<String, String> webPod = with(HOST, "net", WEB_NET, "ipc", WEB_IPC, "uts", WEB_UTS, "mnt", WEB_MNT_SANDBOX);
        PodEntry web = new PodEntry("shop", "web", uid("shop", "web"), webPod, List.of("pid", "user", "cgroup", "time"),
                List.of(new PodContainer("POD", "41d7a0c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6",
                                "cri", true, 100, webPod),
                        new PodContainer("app", "aa11bb22cc33dd44", "cri", false, 101, with(webPod, "mnt", WEB_MNT_APP)),
                        new PodContainer("sidecar", "ee55ff66aa77bb88", "cri", false, 102,
                                with(webPod, "mnt", WEB_MNT_SIDECAR))),
                new PodSandbox("41d7a0c4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6", "containerd 1.7.20",
                        "ready", Map.of("net", "pod", "pid", "container", "ipc", "pod", "user", "node"),
                        "/var/run/netns/cni-0b6a3c1e-1111-2222-3333-444455556666", null, null));
        Map<String, String> dbPod = with(HOST, "net", WEB_NET, "ipc", DB_IPC, "uts", DB_UTS, "pid", DB_PID, "mnt", DB_MNT);
        PodEntry db = new PodEntry("shop", "db", uid("shop", "db"), dbPod, List.of("user", "cgroup", "time"),
                List.of(new PodContainer("app", "db0000000001", "containerd", false, 200, dbPod)));
        Map<String, String> isoPod = with(HOST, "user", ISO_USER, "net", ISO_NET, "pid", ISO_PID, "ipc", ISO_IPC);
        PodEntry isolated = new PodEntry("shop", "isolated", uid("shop", "isolated"), isoPod, List.of(),
                List.of(new PodContainer("app", "150000000001", "containerd", false, 300, isoPod)),
                new PodSandbox("150000000000", "containerd 1.7.20", "ready",
                        Map.of("net", "pod", "pid", "container", "ipc", "pod", "user", "pod"), null,
                        List.of("0:100000:65536"), List.of("0:100000:65536")));
        Map<String, String> apiPod = with(HOST, "mnt", API_MNT);
        PodEntry api = new PodEntry("other", "api", uid("other", "api"), apiPod, List.of("net", "pid", "ipc", "uts"),
                List.of(new PodContainer("app", "a91000000001", "docker", false, 400, apiPod)));

        Map<String, String> toolsPod = with(HOST, "mnt", TOOLS_MNT);
        PodEntry tools = new PodEntry("shop", "tools", uid("shop", "tools"), toolsPod,
                List.of("net", "pid", "ipc", "uts", "user", "cgroup", "time"),
                List.of(new PodContainer("app", "7001000000ab", "containerd", false, 500, toolsPod)));

        List<NamespaceEntry> namespaces = new ArrayList<>(List.of(
                ns(WEB_NET, hostUser, null, 4, new Leader(100, "pause"), List.of(new BindMountEntry(
                        "/var/run/netns/cni-0b6a3c1e-1111-2222-3333-444455556666", HOST.get("mnt"))),
                        List.of("shop/db", "shop/web")),
                ns(WEB_IPC, hostUser, null, 3, new Leader(100, "pause"), List.of(), List.of("shop/web")),
                ns(WEB_UTS, hostUser, null, 3, new Leader(100, "pause"), List.of(), List.of("shop/web")),
                ns(WEB_MNT_SANDBOX, hostUser, null, 1, new Leader(100, "pause"), List.of(), List.of("shop/web")),
                ns(WEB_MNT_APP, hostUser, null, 1, new Leader(101, "nginx"), List.of(), List.of("shop/web")),
                ns(WEB_MNT_SIDECAR, hostUser, null, 1, new Leader(102, "envoy"), List.of(), List.of("shop/web")),
                ns(DB_IPC, hostUser, null, 1, new Leader(200, "postgres"), List.of(), List.of("shop/db")),
                ns(DB_UTS, hostUser, null, 1, new Leader(200, "postgres"), List.of(), List.of("shop/db")),
                ns(DB_PID, hostUser, HOST.get("pid"), 1, new Leader(200, "postgres"), List.of(), List.of("shop/db")),
                ns(DB_MNT, hostUser, null, 1, new Leader(200, "postgres"), List.of(), List.of("shop/db")),
                ns(ISO_USER, null, hostUser, 2, new Leader(300, "sleep"), List.of(), List.of("shop/isolated")),
                ns(ISO_NET, ISO_USER, null, 2, new Leader(300, "sleep"), List.of(), List.of("shop/isolated")),
                ns(ISO_PID, ISO_USER, HOST.get("pid"), 2, new Leader(300, "sleep"), List.of(), List.of("shop/isolated")),
                ns(ISO_IPC, ISO_USER, null, 2, new Leader(300, "sleep"), List.of(), List.of("shop/isolated")),
                ns(ISO_NESTED_USER, null, ISO_USER, 1, new Leader(310, "unshare"), List.of(), List.of("shop/isolated")),
                ns(ISO_NESTED_NET, ISO_NESTED_USER, null, 1, new Leader(310, "unshare"), List.of(),
                        List.of("shop/isolated")),
                ns(API_MNT, hostUser, null, 1, new Leader(400, HOSTILE_COMM), List.of(), List.of("other/api")),
                ns(TOOLS_MNT, hostUser, null, 1, new Leader(500, "tcpdump"), List.of(), List.of("shop/tools")),
                new NamespaceEntry(LEAKED, "net", List.of("bindmount"), hostUser, null, 0, null,
                        List.of(new BindMountEntry("/run/netns/cni-leaked", HOST.get("mnt")),
                                new BindMountEntry("/run/netns/other-view", WEB_MNT_APP)), List.of(), List.of())));
        NodeNamespaces report = new NodeNamespaces();
        report.setMetadata(new ObjectMetaBuilder().withName(NODE).build());
        report.setStatus(new NodeNamespacesStatus(new NodeNamespacesStatus.NodeIdentity(NODE, "boot-1", "6.18.44", "test"),
                OBSERVED, 40L, new Summary(namespaces.size(), Map.of("net", 4), 20, 6, 4, 1, 1), HOST, namespaces,
                List.of(web, db, isolated, api, tools),
                List.of(new NodeNamespacesStatus.Finding("LeakedNamespace", "warning", "leaked", LEAKED, null)),
                List.of(Conditions.of(Conditions.READY, true, "Discovered", "ok", Instant.parse(OBSERVED)),
                        Conditions.of(Conditions.TRUNCATED, false, "WithinLimit", "", Instant.parse(OBSERVED)),
                        Conditions.of(Conditions.ENGINE_PREFIX + "docker", false, "NotRunning", "no docker socket",
                                Instant.parse(OBSERVED)))));
        return report;
    }

    private static NamespaceEntry ns(String id, String owner, String parent, int processes, Leader leader,
            List<BindMountEntry> mounts, List<String> pods) {
        String type = id.substring(0, id.indexOf(':'));
        return new NamespaceEntry(id, type, List.of("proc"), owner, parent, processes, leader, mounts, List.of(), pods);
    }

    public static final Finding WEB_HOST_PID = new Finding("HostNamespaceUnexpected", "warning", NODE, "shop/web",
            HOST.get("pid"), "shop/web is in the host's pid namespace although hostPID is not true");
    public static final Finding WEB_SHARED = new Finding("NamespaceSharedAcrossPods", "warning", NODE, "shop/web",
            WEB_NET, "shop/web shares net:[4026532301] with shop/db");
    public static final Finding DB_SHARED = new Finding("NamespaceSharedAcrossPods", "warning", NODE, "shop/db",
            WEB_NET, "shop/db shares net:[4026532301] with shop/web");
    public static final Finding API_HOST_NET = new Finding("HostNamespaceUnexpected", "warning", NODE, "other/api",
            HOST.get("net"), HOSTILE_MESSAGE);
    public static final Finding LEAKED_NS = new Finding("LeakedNamespace", "warning", NODE, null, LEAKED,
            "net:[4026532900] on n1 is only bind-mounted (/run/netns/cni-leaked): no process, no pod");
    public static final Finding TOOLS_HOST_NET = new Finding("HostNamespaceRequested", "info", NODE, "shop/tools",
            HOST.get("net"), "shop/tools is in the host's net namespace, as hostNetwork: true asks");
    public static final Finding ISO_OK = new Finding("UserNamespaceIsolated", "info", NODE, "shop/isolated", ISO_USER,
            "shop/isolated runs in its own user namespace, as hostUsers: false asks");

    public static ClusterNamespaces clusterReport() {
        List<Finding> findings = List.of(API_HOST_NET, WEB_HOST_PID, LEAKED_NS, DB_SHARED, WEB_SHARED, TOOLS_HOST_NET,
                ISO_OK);
        ClusterNamespaces cluster = new ClusterNamespaces();
        cluster.setMetadata(new ObjectMetaBuilder().withName(ClusterNamespaces.SINGLETON).build());
        cluster.setStatus(new ClusterNamespacesStatus(OBSERVED, "operator-0",
                new ClusterNamespacesStatus.Nodes(2, 1, 0, 1, List.of(), List.of("n2")), Map.of("net", 5L), 4L,
                findings.size(), Map.of("HostNamespaceUnexpected", 2), findings, List.of()));
        return cluster;
    }

    /**
     * The Report the operator writes for a namespace, from the findings and pod-level namespaces above,
     * with the verdicts of the operator's ReportContent: fail or warn for a finding, a pass for a pod
     * without one and for UserNamespaceIsolated.
     */
    public static GenericKubernetesResource report(String namespace) {
        List<Map<String, Object>> results = new ArrayList<>();
        if (namespace.equals("shop")) {
            Map<String, String> web = podNamespaces(with(HOST, "net", WEB_NET, "ipc", WEB_IPC, "uts", WEB_UTS,
                    "mnt", WEB_MNT_SANDBOX), "pid", "user", "cgroup", "time");
            results.add(result("HostNamespaceUnexpected", "fail", "high", WEB_HOST_PID.message(), "web",
                    HOST.get("pid"), web));
            results.add(result("NamespaceSharedAcrossPods", "fail", "high", WEB_SHARED.message(), "web", WEB_NET, web));
            results.add(result("NamespaceSharedAcrossPods", "fail", "high", DB_SHARED.message(), "db", WEB_NET,
                    podNamespaces(with(HOST, "net", WEB_NET, "ipc", DB_IPC, "uts", DB_UTS, "pid", DB_PID, "mnt", DB_MNT),
                            "user", "cgroup", "time")));
            results.add(result("HostNamespaceRequested", "warn", "low", TOOLS_HOST_NET.message(), "tools",
                    HOST.get("net"), podNamespaces(with(HOST, "mnt", TOOLS_MNT))));
            // UserNamespaceIsolated is a pass in a Report, and so is the pod's isolation.
            Map<String, String> iso = podNamespaces(with(HOST, "user", ISO_USER, "net", ISO_NET, "pid", ISO_PID,
                    "ipc", ISO_IPC));
            results.add(result("PodIsolation", "pass", "info", "pod shop/isolated is in the namespaces its spec asks"
                    + " for on node n1.", "isolated", null, iso));
            results.add(result("UserNamespaceIsolated", "pass", "info", ISO_OK.message(), "isolated", ISO_USER, iso));
        } else {
            results.add(result("HostNamespaceUnexpected", "fail", "high", HOSTILE_MESSAGE, "api", HOST.get("net"),
                    podNamespaces(with(HOST, "mnt", API_MNT), "net", "pid", "ipc", "uts", "user", "cgroup", "time")));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("pass", results.stream().filter(r -> r.get("result").equals("pass")).count());
        summary.put("fail", results.stream().filter(r -> r.get("result").equals("fail")).count());
        summary.put("warn", results.stream().filter(r -> r.get("result").equals("warn")).count());
        summary.put("error", 0);
        summary.put("skip", 0);

        GenericKubernetesResource report = new GenericKubernetesResource();
        report.setApiVersion("openreports.io/v1alpha1");
        report.setKind("Report");
        report.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName("lxkns")
                .addToLabels("app.kubernetes.io/managed-by", "lxkns").build());
        report.setAdditionalProperty("source", "lxkns");
        report.setAdditionalProperty("summary", summary);
        report.setAdditionalProperty("results", results);
        return report;
    }

    /** The {@code ns.TYPE} properties: ids, or {@code host} for the types listed after the map. */
    private static Map<String, String> podNamespaces(Map<String, String> ids, String... hostTypes) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String type : List.of("net", "pid", "ipc", "uts", "user", "mnt", "cgroup", "time")) {
            properties.put("ns." + type, List.of(hostTypes).contains(type) || ids.get(type).equals(HOST.get(type))
                    ? "host" : ids.get(type));
        }
        return properties;
    }

    private static Map<String, Object> result(String policy, String result, String severity, String message, String pod,
            String namespaceId, Map<String, String> podNamespaces) {
        String namespace = pod.equals("api") ? "other" : "shop";
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", "lxkns");
        r.put("policy", policy);
        r.put("result", result);
        r.put("severity", severity);
        r.put("message", message);
        r.put("timestamp", Map.of("seconds", Instant.parse(OBSERVED).getEpochSecond(), "nanos", 0));
        r.put("resources", List.of(Map.of("apiVersion", "v1", "kind", "Pod", "namespace", namespace, "name", pod,
                "uid", uid(namespace, pod))));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("node", NODE);
        if (namespaceId != null) {
            properties.put("namespace", namespaceId);
        }
        properties.putAll(podNamespaces);
        r.put("properties", properties);
        return r;
    }

    /** The whole fixture cluster on {@code cluster}. */
    public static void install(MockCluster cluster) {
        for (Pod pod : pods()) {
            Pod created = cluster.pod(pod);
            UIDS.put(created.getMetadata().getNamespace() + "/" + created.getMetadata().getName(),
                    created.getMetadata().getUid());
        }
        cluster.nodeReport(nodeReport());
        cluster.clusterReport(clusterReport());
        cluster.report(report("shop"));
        cluster.report(report("other"));
    }
}
