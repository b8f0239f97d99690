package io.lxkns.operator.reconcile;

import static io.lxkns.operator.analysis.Fixtures.entry;
import static io.lxkns.operator.analysis.Fixtures.isolatedPod;
import static io.lxkns.operator.analysis.Fixtures.own;
import static io.lxkns.operator.analysis.Fixtures.pod;
import static io.lxkns.operator.analysis.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.crds.Findings;
import io.lxkns.crds.Labels;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.analysis.ClusterAnalysis.PodWarning;
import io.lxkns.operator.analysis.Fixtures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Warning Events PodEvents creates on the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class PodEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final String UNEXPECTED_PID = "pod shop/web on node n1 is in the host's pid namespace pid:[2]";

    KubernetesMockServer server;
    KubernetesClient client;

    private static Finding finding(String type, String namespace, String message) {
        return new Finding(type, Findings.WARNING, "n1", "shop/web", namespace, message);
    }

    private static PodWarning warning(Pod pod, Finding finding) {
        return new PodWarning(pod, finding);
    }

    private static Pod withUid(Pod pod, String uid) {
        return new PodBuilder(pod).editMetadata().withUid(uid).endMetadata().build();
    }

    private List<Event> events() {
        return client.v1().events().inAnyNamespace().list().getItems();
    }

    private String raiseAlone(PodEvents events, PodWarning warning) {
        assertThat(events.raise(List.of(warning), NOW)).isEqualTo(1);
        List<Event> all = events();
        assertThat(all).hasSize(1);
        String name = all.get(0).getMetadata().getName();
        client.v1().events().inNamespace("shop").withName(name).delete();
        return name;
    }

    @Test
    void aWarningEventOnThePodTheFindingIsAbout() {
        Pod web = isolatedPod("shop", "web");
        Finding finding = finding(Findings.HOST_NAMESPACE_UNEXPECTED, "pid:[2]", UNEXPECTED_PID);

        int created = new PodEvents(client, "operator-0").raise(List.of(warning(web, finding)), NOW);

        assertThat(created).isEqualTo(1);
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(event.getMetadata().getNamespace()).isEqualTo("shop");
            assertThat(event.getMetadata().getName()).matches("web\\.lxkns-[0-9a-f]{16}");
            assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("v1");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("web");
            assertThat(event.getInvolvedObject().getNamespace()).isEqualTo("shop");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(web.getMetadata().getUid());
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
            assertThat(event.getMessage()).isEqualTo(UNEXPECTED_PID);
            assertThat(event.getSource().getComponent()).isEqualTo(Labels.OPERATOR);
            assertThat(event.getSource().getHost()).isEqualTo("n1");
            assertThat(event.getReportingComponent()).isEqualTo(Labels.OPERATOR);
            assertThat(event.getReportingInstance()).isEqualTo("operator-0");
            assertThat(event.getCount()).isEqualTo(1);
            assertThat(event.getFirstTimestamp()).isEqualTo(NOW.toString());
            assertThat(event.getLastTimestamp()).isEqualTo(NOW.toString());
        });
    }

    @Test
    void theSameFindingGetsTheSameNameFromAnyInstanceEvenWithAnotherMessage() {
        Pod web = isolatedPod("shop", "web");
        Finding finding = finding(Findings.SHARED_ACROSS_PODS, "net:[100]", "pods shop/web, shop/api share net:[100]");
        Finding grown = new Finding(finding.type(), finding.severity(), "n1", finding.pod(), finding.namespace(),
                "pods shop/web, shop/api, shop/db share net:[100]");

        String first = raiseAlone(new PodEvents(client, "a"), warning(web, finding));
        String afterRestart = raiseAlone(new PodEvents(client, "b"), warning(web, finding));
        String withNewMessage = raiseAlone(new PodEvents(client, "c"), warning(web, grown));

        assertThat(afterRestart).isEqualTo(first);
        assertThat(withNewMessage).isEqualTo(first);
    }

    @Test
    void aDifferentPodUidTypeOrNamespaceGetsADifferentName() {
        Pod web = isolatedPod("shop", "web");
        Pod recreated = withUid(web, "uid-shop-web-2");
        Finding finding = finding(Findings.HOST_NAMESPACE_UNEXPECTED, "net:[1]", "in the host's net");

        int created = new PodEvents(client, "a").raise(List.of(
                warning(web, finding),
                warning(web, finding(Findings.HOST_NAMESPACE_UNEXPECTED, "uts:[4]", "in the host's uts")),
                warning(web, finding(Findings.CONTAINER_OUTSIDE_POD_NAMESPACE, "net:[1]", "outside")),
                warning(recreated, finding)), NOW);

        assertThat(created).isEqualTo(4);
        assertThat(events()).extracting(e -> e.getMetadata().getName()).doesNotHaveDuplicates().hasSize(4)
                .allMatch(name -> name.startsWith("web.lxkns-"));
    }

    @Test
    void aLastingFindingRaisesOneEventNotAskingAgainAndANewLeaderTakesTheConflictAsRaised() {
        Pod web = isolatedPod("shop", "web");
        PodWarning warning = warning(web, finding(Findings.HOST_NAMESPACE_UNEXPECTED, "pid:[2]", UNEXPECTED_PID));
        PodEvents leader = new PodEvents(client, "a");

        assertThat(leader.raise(List.of(warning), NOW)).isEqualTo(1);
        int requests = server.getRequestCount();
        assertThat(leader.raise(List.of(warning), NOW.plusSeconds(60))).isZero();
        assertThat(server.getRequestCount()).as("a raised Event is remembered, not created again").isEqualTo(requests);

        PodEvents newLeader = new PodEvents(client, "b");
        assertThat(newLeader.raise(List.of(warning), NOW.plusSeconds(120))).as("409: raised before").isZero();
        requests = server.getRequestCount();
        assertThat(newLeader.raise(List.of(warning), NOW.plusSeconds(180))).isZero();
        assertThat(server.getRequestCount()).as("the conflict is remembered too").isEqualTo(requests);

        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getReportingInstance()).isEqualTo("a");
            assertThat(e.getCount()).isEqualTo(1);
        });
    }

    @Test
    void anEventTheApiServerRefusedIsTriedAgain() {
        Pod web = isolatedPod("shop", "web");
        PodWarning warning = warning(web, finding(Findings.HOST_NAMESPACE_UNEXPECTED, "pid:[2]", UNEXPECTED_PID));
        server.expect().post().withPath("/api/v1/namespaces/shop/events").andReturn(403, "forbidden").once();
        PodEvents events = new PodEvents(client, "a");

        assertThat(events.raise(List.of(warning), NOW)).isZero();
        assertThat(events()).isEmpty();
        assertThat(events.raise(List.of(warning), NOW.plusSeconds(60))).isEqualTo(1);
        assertThat(events()).hasSize(1);
    }

    /**
     * PodEvents raises every warning it is given; which those are, ClusterAnalysis decides: warning
     * findings that name a Pod that exists. Info findings, and findings about a node or a namespace
     * with no pod, raise none.
     */
    @Test
    void onlyWarningFindingsAboutAnExistingPodRaiseEvents() {
        Pod web = isolatedPod("shop", "web"); // in the host's pid namespace: HostNamespaceUnexpected, warning
        Pod admin = pod("shop", "admin", true, null, null, null); // in the host's net and uts as asked: info
        Pod users = pod("shop", "users", null, null, null, false); // in its own user namespace as asked: info
        var inHostPid = with(own(100), "pid", Fixtures.HOST.get("pid"));
        var inHostNet = with(with(own(200), "net", Fixtures.HOST.get("net")), "uts", Fixtures.HOST.get("uts"));
        var ownUser = with(own(300), "user", "user:[500]");
        var report = Fixtures.report("n1", NOW, List.of(entry("shop", "web", inHostPid, inHostPid),
                entry("shop", "admin", inHostNet, inHostNet), entry("shop", "users", ownUser, ownUser)), List.of(
                new NodeNamespacesStatus.Finding(Findings.LEAKED, Findings.WARNING, "net:[77] is held by a bind mount",
                        "net:[77]", null),
                new NodeNamespacesStatus.Finding(Findings.LEAKED, Findings.WARNING, "net:[78] is held by a bind mount",
                        "net:[78]", "gone/old")));
        ClusterAnalysis.Result result = ClusterAnalysis.analyze(List.of(Fixtures.node("n1"), Fixtures.node("n2")),
                List.of(web, admin, users), List.of(report), NOW, ClusterAnalysis.Settings.defaults(), "test");
        assertThat(result.status().findings()).extracting(Finding::type).containsExactlyInAnyOrder(
                Findings.HOST_NAMESPACE_UNEXPECTED, Findings.LEAKED, Findings.LEAKED, Findings.MISSING_NODE,
                Findings.HOST_NAMESPACE_REQUESTED, Findings.HOST_NAMESPACE_REQUESTED, Findings.USER_NAMESPACE_ISOLATED);

        int created = new PodEvents(client, "a").raise(result.podWarnings(), NOW);

        assertThat(created).isEqualTo(1);
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(Findings.HOST_NAMESPACE_UNEXPECTED);
            assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(web.getMetadata().getUid());
        });
    }
}
