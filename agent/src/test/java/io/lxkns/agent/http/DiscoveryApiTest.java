package io.lxkns.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.agent.daemon.AgentLoop;
import io.lxkns.agent.daemon.AgentMetrics;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.support.http.Endpoints;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's full discovery is served only to whom the API server says may read it, and shows no
 * container label but the pod identity unless allowed.
 */
@EnableKubernetesMockClient
class DiscoveryApiTest {
    private static final String NODE = "node-3";
    private static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    KubernetesMockServer server;
    KubernetesClient client;
    private AgentLoop loop;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void aNodeWithALabelledContainer() {
        HandMade node = HandMade.host();
        node.process(1, 0, "systemd");
        node.process(600, 1, "postgres");
        Container db = new Container("c-db", "db", EngineKind.DOCKER, null, HandMade.DOCKER_SOCKET, 600,
                Map.of(Pod.NAMESPACE_LABEL, "shop", Pod.NAME_LABEL, "db", Pod.UID_LABEL, "uid-db",
                        Pod.CONTAINER_LABEL, "postgres", "com.example.db-password", "hunter2", "team.example/owner", "shop"),
                false, Pod.fromLabels(Map.of(Pod.NAMESPACE_LABEL, "shop", Pod.NAME_LABEL, "db", Pod.UID_LABEL, "uid-db",
                        Pod.CONTAINER_LABEL, "postgres")));
        node.engine(EngineKind.DOCKER, db);
        Publisher publisher = new Publisher(client, NODE, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(10),
                () -> 0.0);
        loop = new AgentLoop(NODE, "test", Duration.ofSeconds(30), 256 * 1024, NodeObserver.replaying(node.view()),
                publisher, Clock.systemUTC(), new AgentMetrics());
        loop.runOnce();
    }

    @Test
    void onlyTheKubeletsPodIdentityLabelsLeaveTheNodeUnlessAllowed() throws Exception {
        try (Endpoints api = serve(ApiAccess.loopback(), List.of())) {
            String body = get(api, null).body();
            assertThat(body).contains("io.kubernetes.pod.uid", "uid-db").doesNotContain("db-password", "hunter2", "team.example");
        }
        try (Endpoints api = serve(ApiAccess.loopback(), List.of("team.example/*"))) {
            assertThat(get(api, null).body()).contains("team.example/owner").doesNotContain("hunter2");
        }
    }

    @Test
    void withoutATokenTheApiServerAcceptsThereIsNoDiscovery() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(false).endStatus().build()).once();
        try (Endpoints api = serve(ApiAccess.kubernetes(client, NODE, Clock.systemUTC()), List.of())) {
            assertThat(get(api, null).statusCode()).isEqualTo(401);
            HttpResponse<String> forged = get(api, "forged");
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).doesNotContain("namespaces");
        }
    }

    @Test
    void anAuthenticatedUserNeedsGetOnNodesProxyOfThisNode() throws Exception {
        server.expect().post().withPath(TOKEN_REVIEWS).andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(true).withNewUser().withUsername("dev").withGroups("devs").endUser()
                .endStatus().build()).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SubjectAccessReviewBuilder()
                .withNewStatus().withAllowed(false).endStatus().build()).once();
        server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SubjectAccessReviewBuilder()
                .withNewStatus().withAllowed(true).endStatus().build()).once();
        try (Endpoints api = serve(ApiAccess.kubernetes(client, NODE, Clock.systemUTC()), List.of())) {
            HttpResponse<String> denied = get(api, "dev-token");
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("nodes/proxy", NODE);
            var review = server.getLastRequest();
            assertThat(review.getBody().readUtf8()).contains("\"resource\":\"nodes\"", "\"subresource\":\"proxy\"",
                    "\"name\":\"" + NODE + "\"", "\"user\":\"dev\"");
            // The refusal is remembered for a while: the same token does not reach the API server again.
            int requests = server.getRequestCount();
            assertThat(get(api, "dev-token").statusCode()).isEqualTo(403);
            assertThat(server.getRequestCount()).isEqualTo(requests);

            HttpResponse<String> allowed = get(api, "admin-token");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body()).contains("\"schemaVersion\"");
        }
    }

    private Endpoints serve(ApiAccess access, List<String> allowlist) throws Exception {
        return AgentEndpoints.serveApi(Endpoints.bind(new InetSocketAddress("127.0.0.1", 0), "test-api"), loop, access,
                new LabelFilter(allowlist));
    }

    private HttpResponse<String> get(Endpoints api, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.address().getPort() + AgentEndpoints.DISCOVERY_PATH));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
