package io.lxkns.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.lxkns.agent.publish.Publisher.Outcome;
import io.lxkns.agent.report.NodeReport;
import io.lxkns.agent.report.SizeCap;
import io.lxkns.agent.testing.SyntheticNode;
import io.lxkns.agent.testing.TestClock;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.crds.testing.MockApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The write discipline against the fabric8 mock API server in CRUD mode, with the generated CRD. */
@EnableKubernetesMockClient(crud = true)
class PublisherTest {
    private static final String NODE = "node-1";
    private static final String PATH = "/apis/lxkns.io/v1alpha1/nodenamespaces/" + NODE;
    private static final CrdSchema SCHEMA = CrdSchema.of("nodenamespaces.lxkns.io");
    private static NodeNamespaces observed;

    KubernetesMockServer server;
    KubernetesClient client;
    private TestClock clock;
    private Publisher publisher;
    private String nodeUid;

    @BeforeAll
    static void observeOnce() {
        observed = NodeReport.build(SyntheticNode.of(50, 5), NODE, "test", SizeCap.DEFAULT_MAX_BYTES, Instant.now());
    }

    /** The observed report with another status. */
    private static NodeNamespaces reporting(NodeNamespacesStatus status) {
        NodeNamespaces report = new NodeNamespaces();
        report.setMetadata(observed.getMetadata());
        report.setStatus(status);
        return report;
    }

    @BeforeEach
    void cluster() {
        MockApi.installCrds(client);
        nodeUid = createNode();
        clock = new TestClock();
        publisher = new Publisher(client, NODE, clock, Duration.ofSeconds(30), Duration.ofMinutes(10), () -> 0.5);
    }

    private String createNode() {
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
                .create().getMetadata().getUid();
    }

    @Test
    void firstPublishCreatesTheObjectOwnedByItsNodeAndWritesStatusThroughTheSubresource() throws Exception {
        int before = server.getRequestCount();
        assertThat(publisher.healthy()).as("nothing written yet").isFalse();
        assertThat(publisher.lastError()).isEqualTo("not written yet");

        assertThat(publisher.publish(observed)).isEqualTo(Outcome.WRITTEN);

        NodeNamespaces written = client.resources(NodeNamespaces.class).withName(NODE).get();
        assertThat(written.getStatus().summary()).isEqualTo(observed.getStatus().summary());
        assertThat(written.getStatus().namespaces()).isEqualTo(observed.getStatus().namespaces());
        assertThat(written.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "lxkns-agent");
        OwnerReference owner = written.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("Node");
        assertThat(owner.getName()).isEqualTo(NODE);
        assertThat(owner.getUid()).isEqualTo(nodeUid);
        assertThat(owner.getBlockOwnerDeletion()).isFalse();
        assertThat(requestsSince(before)).contains("POST /apis/lxkns.io/v1alpha1/nodenamespaces", "PUT " + PATH + "/status");
        assertThat(SCHEMA.problems(written)).isEmpty();
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void unchangedContentWritesNothingAndAChangeWritesOnceAfterTheMinimumInterval() throws Exception {
        assertThat(publisher.publish(observed)).isEqualTo(Outcome.WRITTEN);
        int afterFirst = server.getRequestCount();

        clock.advance(Duration.ofSeconds(31));
        NodeNamespaces sameButLater = retimed(observed, "2026-11-29T00:00:31Z");
        assertThat(publisher.publish(sameButLater)).isEqualTo(Outcome.UNCHANGED);
        assertThat(server.getRequestCount()).as("no request for unchanged content").isEqualTo(afterFirst);

        NodeNamespaces changed = reporting(observed.getStatus().withFindings(List.of(new NodeNamespacesStatus.Finding(
                "LeakedNamespace", "warning", "net:[1] leaked", "net:[1]", null))));
        clock.advance(Duration.ofSeconds(1));
        assertThat(publisher.publish(changed)).isEqualTo(Outcome.WRITTEN);
        clock.advance(Duration.ofSeconds(10));
        NodeNamespaces changedAgain = reporting(observed.getStatus().withFindings(List.of()));
        assertThat(publisher.publish(changedAgain)).as("within the minimum interval").isEqualTo(Outcome.DEFERRED);
        clock.advance(Duration.ofSeconds(19));
        assertThat(publisher.publish(changedAgain)).as("30 s + 10 % jitter * 0.5 not yet over").isEqualTo(Outcome.DEFERRED);
        clock.advance(Duration.ofSeconds(3));
        assertThat(publisher.publish(changedAgain)).isEqualTo(Outcome.WRITTEN);
        assertThat(client.resources(NodeNamespaces.class).withName(NODE).get().getStatus().findings()).isEmpty();

        clock.advance(Duration.ofMinutes(9));
        assertThat(publisher.publish(changedAgain)).isEqualTo(Outcome.UNCHANGED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(publisher.publish(changedAgain)).as("the slow refresh").isEqualTo(Outcome.WRITTEN);
    }

    @Test
    void aRecreatedNodeGetsTheNewUidAsOwner() {
        publisher.publish(observed);
        client.nodes().withName(NODE).delete();
        String newUid = createNode();

        clock.advance(Duration.ofMinutes(11));
        assertThat(publisher.publish(observed)).isEqualTo(Outcome.WRITTEN);

        assertThat(client.resources(NodeNamespaces.class).withName(NODE).get().getMetadata().getOwnerReferences())
                .singleElement().satisfies(owner -> assertThat(owner.getUid()).isEqualTo(newUid).isNotEqualTo(nodeUid));
    }

    @Test
    void serverErrorsBackOffAndReadinessFollows() {
        server.expect().get().withPath(PATH).andReturn(500, "{\"message\": \"etcd is sad\"}").always();

        assertThat(publisher.publish(observed)).isEqualTo(Outcome.FAILED);
        assertThat(publisher.healthy()).isFalse();
        assertThat(publisher.lastError()).contains("500");
        assertThat(publisher.publish(observed)).as("within the backoff").isEqualTo(Outcome.BACKING_OFF);
        clock.advance(Duration.ofSeconds(3));
        assertThat(publisher.publish(observed)).isEqualTo(Outcome.FAILED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(publisher.publish(observed)).as("the second backoff is longer").isEqualTo(Outcome.BACKING_OFF);

        server.reset();
        cluster();
        assertThat(publisher.publish(observed)).as("a fresh publisher after the outage").isEqualTo(Outcome.WRITTEN);
    }

    @Test
    void aConflictIsReReadAndRetried() {
        publisher.publish(observed);
        server.expect().put().withPath(PATH + "/status").andReturn(409, "{\"reason\": \"Conflict\"}").once();

        clock.advance(Duration.ofMinutes(11));
        assertThat(publisher.publish(reporting(observed.getStatus().withFindings(List.of())))).isEqualTo(Outcome.WRITTEN);
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void aNotFoundDuringTheStatusWriteIsReReadAndRetried() {
        publisher.publish(observed);
        server.expect().put().withPath(PATH + "/status").andReturn(404, "{\"reason\": \"NotFound\"}").once();

        clock.advance(Duration.ofMinutes(11));
        assertThat(publisher.publish(reporting(observed.getStatus().withFindings(List.of())))).isEqualTo(Outcome.WRITTEN);
    }

    /** Refusals that no retry mends: each is one failed write, told in readiness, backed off, and then tried again. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "403 | the admission policy | {\"reason\": \"Forbidden\", \"message\": \"denied by lxkns-agent-own-node\"} | 1",
        "409 | conflicts every time | {\"reason\": \"Conflict\"} | 3",
        "413 | an object over etcd's limit | {\"reason\": \"RequestEntityTooLarge\"} | 1"})
    void refusalsAreFailedWritesNotCrashes(int code, String what, String body, int times) {
        publisher.publish(observed);
        server.expect().put().withPath(PATH + "/status").andReturn(code, body).times(times);

        clock.advance(Duration.ofMinutes(11));
        NodeNamespaces changed = reporting(observed.getStatus().withFindings(List.of()));
        assertThat(publisher.publish(changed)).as(what).isEqualTo(Outcome.FAILED);
        assertThat(publisher.healthy()).isFalse();
        assertThat(publisher.lastError()).contains("HTTP " + code);

        clock.advance(Duration.ofSeconds(3)); // past the first backoff (1 s, 2 s with jitter)
        assertThat(publisher.publish(changed)).as("after the backoff").isEqualTo(Outcome.WRITTEN);
        assertThat(publisher.healthy()).isTrue();
    }

    @Test
    void anAnswerThatIsNotKubernetesIsAFailedWriteToo() {
        server.expect().get().withPath(PATH).andReturn(200, "<html>a proxy's error page</html>").once();

        assertThat(publisher.publish(observed)).isEqualTo(Outcome.FAILED);
        assertThat(publisher.healthy()).isFalse();
        assertThat(publisher.lastError()).isNotBlank();
    }

    /** The operator deletes a NodeNamespaces whose Node is gone: writing one anyway would make them take turns. */
    @Test
    void withoutItsNodeNothingIsWrittenAndReadinessSaysWhy() {
        client.nodes().withName(NODE).delete();

        assertThat(publisher.publish(observed)).isEqualTo(Outcome.NO_NODE);

        assertThat(client.resources(NodeNamespaces.class).withName(NODE).get()).isNull();
        assertThat(publisher.healthy()).isFalse();
        assertThat(publisher.lastError()).contains("no Node named " + NODE);
    }

    @Test
    void aDeletedObjectIsWrittenAgainAtOnceNotAtTheNextRefresh() throws Exception {
        assertThat(publisher.publish(observed)).isEqualTo(Outcome.WRITTEN);
        CountDownLatch triggered = new CountDownLatch(1);
        try (AutoCloseable watch = publisher.watchDeletion(triggered::countDown)) {
            client.resources(NodeNamespaces.class).withName(NODE).delete();

            assertThat(triggered.await(10, TimeUnit.SECONDS)).as("the deletion asked for a publish").isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(publisher.publish(observed)).as("unchanged content, within the minimum interval").isEqualTo(Outcome.WRITTEN);
        }
        assertThat(client.resources(NodeNamespaces.class).withName(NODE).get()).isNotNull();
    }

    /** The stored status is whatever anyone wrote: a condition without a type must not stop the agent. */
    @Test
    void aStoredStatusWithAConditionWithoutTypeIsOverwritten() {
        NodeNamespaces broken = reporting(observed.getStatus().withConditions(List.of(new ConditionBuilder()
                .withStatus("True").withReason("Forged").build())));
        client.resource(broken).create();
        client.resource(client.resources(NodeNamespaces.class).withName(NODE).get()).updateStatus();

        assertThat(publisher.publish(observed)).isEqualTo(Outcome.WRITTEN);
        assertThat(client.resources(NodeNamespaces.class).withName(NODE).get().getStatus().conditions())
                .allSatisfy(c -> assertThat(c.getType()).isNotNull());
    }

    private List<String> requestsSince(int count) throws InterruptedException {
        List<String> requests = new ArrayList<>();
        int total = server.getRequestCount();
        for (int i = 0; i < total; i++) {
            RecordedRequest request = server.takeRequest();
            if (i >= count) {
                requests.add(request.getMethod() + " " + request.getPath());
            }
        }
        return requests;
    }

    private static NodeNamespaces retimed(NodeNamespaces report, String observedAt) {
        NodeNamespacesStatus s = report.getStatus();
        return reporting(s.withObservation(observedAt, s.discoveryDurationMs() + 5));
    }
}
