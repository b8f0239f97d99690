package io.lxkns.operator.analysis;

import static io.lxkns.operator.analysis.Fixtures.HOST;
import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.pod;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link NodeChecks#of} on one node's status, rule by rule: a case that raises each finding and one that must not. */
class NodeChecksTest {
    private static final String NODE = "n1";

    private static NodeNamespacesStatus status(List<PodEntry> pods) {
        return status(pods, null);
    }

    private static NodeNamespacesStatus status(List<PodEntry> pods, List<NodeNamespacesStatus.Finding> findings) {
        return new NodeNamespacesStatus(null, null, null, null, HOST, null, pods, findings, null);
    }

    private static Map<String, Pod> byUid(Pod... pods) {
        Map<String, Pod> map = new HashMap<>();
        for (Pod pod : pods) {
            map.put(pod.getMetadata().getUid(), pod);
        }
        return map;
    }

    private static List<Finding> check(NodeNamespacesStatus status, Pod... pods) {
        return NodeChecks.of(NODE, status, byUid(pods));
    }

    /** A pod in its own namespaces except the host's of {@code types}, as a sandbox plus one app container. */
    private static PodEntry inHost(String namespace, String name, int base, String... types) {
        Map<String, String> namespaces = own(base);
        for (String type : types) {
            namespaces = with(namespaces, type, HOST.get(type));
        }
        return entry(namespace, name, namespaces, namespaces);
    }

    @Test
    void aPodInItsOwnNamespacesGivesNoFinding() {
        assertThat(check(status(List.of(entry("shop", "web", own(100), own(100)))), isolatedPod("shop", "web"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"pid,hostPID", "ipc,hostIPC"})
    void aHostNamespaceThePodDidNotAskForIsAWarningAndOneItAskedForIsInfo(String type, String field) {
        NodeNamespacesStatus status = status(List.of(inHost("shop", "web", 100, type)));
        Pod asked = pod("shop", "web", null, type.equals("pid"), type.equals("ipc"), null);

        List<Finding> unexpected = check(status, isolatedPod("shop", "web"));
        List<Finding> requested = check(status, asked);

        assertThat(unexpected).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.node()).isEqualTo(NODE);
            assertThat(f.pod()).isEqualTo("shop/web");
            assertThat(f.namespace()).isEqualTo(HOST.get(type));
            assertThat(f.message()).contains("shop/web", NODE, HOST.get(type), field + ": true");
        });
        assertThat(requested).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.HOST_NAMESPACE_REQUESTED);
            assertThat(f.severity()).isEqualTo(Findings.INFO);
            assertThat(f.pod()).isEqualTo("shop/web");
            assertThat(f.namespace()).isEqualTo(HOST.get(type));
            assertThat(f.message()).contains(field + ": true");
        });
    }

    @Test
    void hostNetworkCoversBothTheHostsNetAndUtsNamespaces() {
        NodeNamespacesStatus status = status(List.of(inHost("shop", "web", 100, "net", "uts")));

        assertThat(check(status, isolatedPod("shop", "web")))
                .extracting(Finding::type, Finding::severity, Finding::namespace)
                .containsExactlyInAnyOrder(
                        tuple(Findings.HOST_NAMESPACE_UNEXPECTED, Findings.WARNING, "net:[1]"),
                        tuple(Findings.HOST_NAMESPACE_UNEXPECTED, Findings.WARNING, "uts:[4]"));
        assertThat(check(status, pod("shop", "web", true, null, null, null)))
                .extracting(Finding::type, Finding::severity, Finding::namespace)
                .containsExactlyInAnyOrder(
                        tuple(Findings.HOST_NAMESPACE_REQUESTED, Findings.INFO, "net:[1]"),
                        tuple(Findings.HOST_NAMESPACE_REQUESTED, Findings.INFO, "uts:[4]"));
        assertThat(check(status, pod("shop", "web", null, true, true, null)))
                .as("hostPID and hostIPC do not ask for the host's network")
                .extracting(Finding::type).containsOnly(Findings.HOST_NAMESPACE_UNEXPECTED).hasSize(2);
    }

    @Test
    void theAgentsHostNamespacesListAloneMarksAPodAsInTheHostsNamespace() {
        PodEntry own = entry("shop", "web", own(100), own(100));
        PodEntry flagged = new PodEntry(own.namespace(), own.name(), own.uid(), own.namespaces(), List.of("pid"),
                own.containers());

        assertThat(check(status(List.of(flagged)), isolatedPod("shop", "web")))
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
                    assertThat(f.namespace()).isEqualTo(HOST.get("pid"));
                });
    }

    @Test
    void twoPodsInOneNetworkNamespaceGiveAFindingOnEachNamingTheOther() {
        Map<String, String> shared = with(own(200), "net", "net:[100]");
        NodeNamespacesStatus status = status(List.of(entry("b", "two", shared, shared),
                entry("a", "one", own(100), own(100)), entry("c", "three", own(300), own(300))));

        List<Finding> findings = check(status, isolatedPod("a", "one"), isolatedPod("b", "two"), isolatedPod("c", "three"));

        assertThat(findings).as("one per pod, so that each pod gets its Event").hasSize(2).allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(Findings.SHARED_ACROSS_PODS);
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.node()).isEqualTo(NODE);
            assertThat(f.namespace()).isEqualTo("net:[100]");
            assertThat(f.message()).doesNotContain("c/three");
        });
        assertThat(findings).extracting(Finding::pod).containsExactly("a/one", "b/two");
        assertThat(findings.get(0).message()).contains("pod a/one shares net:[100] with b/two");
        assertThat(findings.get(1).message()).contains("pod b/two shares net:[100] with a/one");
        assertThat(check(status(List.of(entry("a", "one", own(100), own(100)), entry("b", "two", own(200), own(200)))),
                isolatedPod("a", "one"), isolatedPod("b", "two"))).isEmpty();
    }

    @Test
    void podsSharingTheHostsNamespaceAreNotSharingAcrossPods() {
        NodeNamespacesStatus status = status(List.of(inHost("a", "one", 100, "net", "uts", "pid", "ipc"),
                inHost("b", "two", 200, "net", "uts", "pid", "ipc")));

        List<Finding> findings = check(status, pod("a", "one", true, true, true, null), pod("b", "two", true, true, true, null));

        assertThat(findings).isNotEmpty().extracting(Finding::type).containsOnly(Findings.HOST_NAMESPACE_REQUESTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnt", "user", "cgroup", "time"})
    void podsSharingANamespaceOfATypeThatDoesNotIsolatePodsAreNotAFinding(String type) {
        Map<String, String> one = with(own(100), type, type + ":[900]");
        Map<String, String> two = with(own(200), type, type + ":[900]");

        assertThat(check(status(List.of(entry("a", "one", one, one), entry("b", "two", two, two))),
                isolatedPod("a", "one"), isolatedPod("b", "two"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"net", "ipc", "uts"})
    void aContainerOutsideItsSandboxsNamespace(String type) {
        Map<String, String> app = with(own(100), type, type + ":[999]");

        assertThat(check(status(List.of(entry("shop", "web", own(100), app))), isolatedPod("shop", "web")))
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE);
                    assertThat(f.severity()).isEqualTo(Findings.WARNING);
                    assertThat(f.node()).isEqualTo(NODE);
                    assertThat(f.pod()).isEqualTo("shop/web");
                    assertThat(f.namespace()).isEqualTo(type + ":[999]");
                    assertThat(f.message()).contains("container app", type + ":[999]", own(100).get(type));
                });
    }

    @Test
    void dockerGivesAppContainersTheirOwnUtsNamespaceButNotTheirOwnNetwork() {
        Map<String, String> ownUts = with(own(100), "uts", "uts:[999]");
        Map<String, String> ownNet = with(own(100), "net", "net:[999]");
        PodEntry utsOnly = new PodEntry("shop", "web", Fixtures.uid("shop", "web"), own(100), null, List.of(
                new PodContainer("POD", "sbx-web", "docker", true, 100, own(100)),
                new PodContainer("app", "app-web", "docker", false, 101, ownUts)));
        PodEntry net = new PodEntry("shop", "web", Fixtures.uid("shop", "web"), own(100), null, List.of(
                new PodContainer("POD", "sbx-web", "docker", true, 100, own(100)),
                new PodContainer("app", "app-web", "docker", false, 101, ownNet)));

        assertThat(check(status(List.of(utsOnly)), isolatedPod("shop", "web")))
                .as("cri-dockerd does not join app containers to the sandbox's uts namespace").isEmpty();
        assertThat(check(status(List.of(net)), isolatedPod("shop", "web")))
                .extracting(Finding::type).containsExactly(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE);
    }

    @Test
    void containersMayHaveTheirOwnPidNamespaceAndNeedASandboxToBeCompared() {
        Map<String, String> ownPid = with(own(100), "pid", "pid:[999]");
        Map<String, String> otherNet = with(own(100), "net", "net:[999]");
        PodEntry noSandbox = new PodEntry("shop", "web", Fixtures.uid("shop", "web"), own(100), null, List.of(
                new PodContainer("app", "app-web", "containerd", false, 101, own(100)),
                new PodContainer("sidecar", "sc-web", "containerd", false, 102, otherNet)));

        assertThat(check(status(List.of(entry("shop", "web", own(100), ownPid))), isolatedPod("shop", "web")))
                .as("pid is not among the namespaces a sandbox shares").isEmpty();
        assertThat(check(status(List.of(noSandbox)), isolatedPod("shop", "web")))
                .as("without a sandbox container there is nothing to compare with").isEmpty();
    }

    @Test
    void hostUsersFalseInTheHostsUserNamespaceIsAWarning() {
        Pod wantsOwnUsers = pod("shop", "web", null, null, null, false);
        PodEntry inHostUser = entry("shop", "web", own(100), own(100));
        PodEntry listedInHostUser = new PodEntry("shop", "web", inHostUser.uid(), with(own(100), "user", "user:[500]"),
                List.of("user"), List.of());

        assertThat(check(status(List.of(inHostUser)), wantsOwnUsers)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.USER_NAMESPACE_NOT_ISOLATED);
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.node()).isEqualTo(NODE);
            assertThat(f.pod()).isEqualTo("shop/web");
            assertThat(f.namespace()).isEqualTo(HOST.get("user"));
            assertThat(f.message()).contains("hostUsers: false", HOST.get("user"));
        });
        assertThat(check(status(List.of(listedInHostUser)), wantsOwnUsers)).as("the agent's hostNamespaces list counts too")
                .extracting(Finding::type).containsExactly(Findings.USER_NAMESPACE_NOT_ISOLATED);
    }

    @Test
    void hostUsersFalseInEffectIsInfoAndWithoutItTheUserNamespaceIsNotChecked() {
        Map<String, String> ownUser = with(own(100), "user", "user:[500]");
        NodeNamespacesStatus isolated = status(List.of(entry("shop", "web", ownUser, ownUser)));
        NodeNamespacesStatus inHostUser = status(List.of(entry("shop", "web", own(100), own(100))));

        assertThat(check(isolated, pod("shop", "web", null, null, null, false))).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.USER_NAMESPACE_ISOLATED);
            assertThat(f.severity()).isEqualTo(Findings.INFO);
            assertThat(f.namespace()).isEqualTo("user:[500]");
        });
        for (Boolean hostUsers : new Boolean[] {null, true}) {
            assertThat(check(inHostUser, pod("shop", "web", null, null, null, hostUsers))).as("hostUsers " + hostUsers)
                    .isEmpty();
            assertThat(check(isolated, pod("shop", "web", null, null, null, hostUsers))).as("hostUsers " + hostUsers)
                    .isEmpty();
        }
    }

    @Test
    void aPodWhoseContainersAreInTwoNamespacesOfATypeIsInEach() {
        // a/one: its sandbox in net:[100] and user:[600], its app container in net:[200] and user:[500].
        PodEntry one = entry("a", "one", with(own(100), "user", "user:[600]"),
                with(with(own(100), "net", "net:[200]"), "user", "user:[500]"));
        Map<String, String> two = with(own(300), "net", "net:[200]");
        NodeNamespacesStatus status = status(List.of(one, entry("b", "two", two, two)));

        List<Finding> findings = check(status, pod("a", "one", null, null, null, false), isolatedPod("b", "two"));

        assertThat(findings).filteredOn(f -> f.type().equals(Findings.SHARED_ACROSS_PODS))
                .extracting(Finding::namespace, Finding::pod)
                .containsExactly(tuple("net:[200]", "a/one"), tuple("net:[200]", "b/two"));
        assertThat(findings).filteredOn(f -> f.type().equals(Findings.USER_NAMESPACE_ISOLATED))
                .as("the first of its user namespaces, in order").extracting(Finding::namespace).containsExactly("user:[500]");
    }

    @Test
    void onlyTheAgentsLeakedNamespaceFindingsArePassedOnWithTheNodesName() {
        NodeNamespacesStatus status = status(List.of(), List.of(
                new NodeNamespacesStatus.Finding(Findings.LEAKED, Findings.WARNING,
                        "net:[77] is held only by the bind mount /run/netns/cni-1", "net:[77]", null),
                new NodeNamespacesStatus.Finding(Findings.HOST_NAMESPACE_UNEXPECTED, Findings.WARNING,
                        "the agent's own opinion, which the operator recomputes from the spec", "pid:[2]", "shop/web")));

        assertThat(check(status)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.LEAKED);
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.node()).isEqualTo(NODE);
            assertThat(f.pod()).isNull();
            assertThat(f.namespace()).isEqualTo("net:[77]");
            // The node's words stay with the node: the operator's message is its own, with the checked id.
            assertThat(f.message()).contains("net:[77]", "on node n1").doesNotContain("/run/netns/cni-1");
        });
    }

    @Test
    void aPodWithoutItsSpecIsNotCheckedAgainstItButStillCountsForSharing() {
        Map<String, String> shared = with(own(200), "net", "net:[100]");
        PodEntry known = entry("a", "one", own(100), own(100));
        // b/two has no Pod: it is in the host's pid namespace, which only its spec could tell apart.
        // c/three has a Pod without a spec: it is in the host's ipc namespace, likewise unchecked.
        PodEntry unknown = entry("b", "two", with(shared, "pid", HOST.get("pid")), with(shared, "pid", HOST.get("pid")));
        Pod withoutSpec = new PodBuilder().withNewMetadata().withNamespace("c").withName("three")
                .withUid(Fixtures.uid("c", "three")).endMetadata().build();
        PodEntry specless = inHost("c", "three", 300, "ipc");

        List<Finding> findings = check(status(List.of(known, unknown, specless)), isolatedPod("a", "one"), withoutSpec);

        assertThat(findings).extracting(Finding::type, Finding::namespace, Finding::pod).containsExactly(
                tuple(Findings.SHARED_ACROSS_PODS, "net:[100]", "a/one"),
                tuple(Findings.SHARED_ACROSS_PODS, "net:[100]", "b/two"));
    }

    @Test
    void aStatusWithoutListsGivesNoFindingAndNoException() {
        NodeNamespacesStatus empty = new NodeNamespacesStatus(null, null, null, null, null, null, null, null, null);
        PodEntry bare = new PodEntry("shop", "web", Fixtures.uid("shop", "web"), null, null, null);
        PodEntry noContainerNamespaces = new PodEntry("shop", "api", Fixtures.uid("shop", "api"), null, null,
                List.of(new PodContainer("POD", "sbx", "containerd", true, 1, null),
                        new PodContainer("app", "app", "containerd", null, 2, null)));
        NodeNamespacesStatus sparse = new NodeNamespacesStatus(null, null, null, null, null, null,
                List.of(bare, noContainerNamespaces), null, null);

        assertThat(check(empty)).isEmpty();
        assertThat(check(sparse, isolatedPod("shop", "web"), isolatedPod("shop", "api"))).isEmpty();
    }

    @Test
    void hostUsersFalseOnANodeThatDidNotReportItsUserNamespace() {
        Map<String, String> withoutUser = new HashMap<>(HOST);
        withoutUser.remove("user");
        NodeNamespacesStatus status = new NodeNamespacesStatus(null, null, null, null, withoutUser, null,
                List.of(entry("shop", "web", own(100), own(100))), null, null);

        assertThatCode(() -> check(status, pod("shop", "web", null, null, null, false))).doesNotThrowAnyException();
    }

    /** {@code entry} with the sandbox the node's CRI runtime reported: modes and the kernel's uid map. */
    private static PodEntry withSandbox(PodEntry entry, Map<String, String> modes, String... uidMap) {
        return new PodEntry(entry.namespace(), entry.name(), entry.uid(), entry.namespaces(), entry.hostNamespaces(),
                entry.containers(), new NodeNamespacesStatus.PodSandbox("sbx-" + entry.name(), "cri-o 1.30.4", "ready",
                        modes, null, uidMap.length == 0 ? null : List.of(uidMap), null));
    }

    @Test
    void theApiServersSpecAgainstTheModesTheNodesRuntimeWasAskedFor() {
        PodEntry web = withSandbox(entry("kube-system", "web", own(100), own(100)),
                Map.of("net", "node", "pid", "container", "ipc", "pod", "user", "node"));
        // The API server's spec has no hostNetwork: a static pod changed on the node, say.
        assertThat(check(status(List.of(web)), isolatedPod("kube-system", "web")))
                .filteredOn(f -> f.type().equals(Findings.NAMESPACE_MODE_MISMATCH)).singleElement().satisfies(f -> {
                    assertThat(f.pod()).isEqualTo("kube-system/web");
                    assertThat(f.message()).contains("its own net namespace", "net mode node");
                });
        assertThat(check(status(List.of(web)), pod("kube-system", "web", true, null, null, null)))
                .noneMatch(f -> f.type().equals(Findings.NAMESPACE_MODE_MISMATCH));
    }

    @Test
    void userNamespaceMapsThatOverlapOrMapTheNodesRootAreFound() {
        Map<String, String> ownUsers = Map.of("net", "pod", "pid", "container", "ipc", "pod", "user", "pod");
        PodEntry a = withSandbox(entry("shop", "a", own(100), own(100)), ownUsers, "0:1000000:65536");
        PodEntry b = withSandbox(entry("shop", "b", own(200), own(200)), ownUsers, "0:1065535:65536");
        PodEntry c = withSandbox(entry("shop", "c", own(300), own(300)), ownUsers, "0:0:65536");
        PodEntry d = withSandbox(entry("shop", "d", own(400), own(400)), ownUsers, "0:2000000:65536");
        List<Finding> findings = check(status(List.of(a, b, c, d)), pod("shop", "a", null, null, null, false),
                pod("shop", "b", null, null, null, false), pod("shop", "c", null, null, null, false),
                pod("shop", "d", null, null, null, false));

        assertThat(findings).filteredOn(f -> f.type().equals(Findings.USER_NAMESPACE_MAPS_HOST_ROOT))
                .extracting(Finding::pod).containsExactly("shop/c");
        assertThat(findings).filteredOn(f -> f.type().equals(Findings.USER_NAMESPACE_OVERLAP))
                .extracting(Finding::pod).containsExactlyInAnyOrder("shop/a", "shop/b");
        assertThat(findings).noneMatch(f -> "shop/d".equals(f.pod()) && (f.type().equals(Findings.USER_NAMESPACE_OVERLAP)
                || f.type().equals(Findings.USER_NAMESPACE_MAPS_HOST_ROOT)));
    }
}
