package io.lxkns.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.agent.http.AgentEndpoints;
import io.lxkns.agent.http.ApiAccess;
import io.lxkns.agent.http.LabelFilter;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.agent.testing.SyntheticNode;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.crds.testing.MockApi;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.Health;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent loop on a synthetic node, with the mock API server and its HTTP endpoints. */
@EnableKubernetesMockClient(crud = true)
class AgentTest {
    private static final String NODE = "node-7";
    private static final NodeView NODE_VIEW = SyntheticNode.of(50, 5);

    KubernetesMockServer server;
    KubernetesClient client;
    private AgentLoop loop;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void cluster() {
        MockApi.installCrds(client);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
        Publisher publisher = new Publisher(client, NODE, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(10),
                () -> 0.0);
        loop = new AgentLoop(NODE, "test", Duration.ofSeconds(30), 256 * 1024, NodeObserver.replaying(NODE_VIEW), publisher,
                Clock.systemUTC(), new AgentMetrics());
    }

    @Test
    void endpointsReflectTheLoop() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        Publisher publisher = new Publisher(client, NODE, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(10),
                () -> 0.0);
        loop = new AgentLoop(NODE, "test", Duration.ofSeconds(30), 256 * 1024, NodeObserver.replaying(NODE_VIEW), publisher,
                Clock.systemUTC(), metrics);
        try (Endpoints endpoints = AgentEndpoints.serveProbes(Endpoints.bind(new InetSocketAddress("127.0.0.1", 0), "test-http"),
                loop::liveness, loop::readiness, metrics.registry());
                Endpoints apiEndpoints = AgentEndpoints.serveApi(Endpoints.bind(new InetSocketAddress("127.0.0.1", 0), "test-api"),
                        loop, ApiAccess.loopback(), new LabelFilter(List.of()))) {
            String base = "http://127.0.0.1:" + endpoints.address().getPort();
            String apiBase = "http://127.0.0.1:" + apiEndpoints.address().getPort();
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(base + "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("no discovery yet");
            assertThat(get(base + "/api/v1/discovery").statusCode()).as("not on the probes' port").isEqualTo(404);
            assertThat(get(apiBase + "/api/v1/discovery").statusCode()).isEqualTo(503);

            loop.runOnce();

            assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metricsPage = get(base + "/metrics");
            assertThat(metricsPage.body()).contains("lxkns_discovery_duration_seconds_count 1",
                    "lxkns_namespaces{type=\"net\"}", "lxkns_publishes_total{outcome=\"written\"} 1.0",
                    "lxkns_status_bytes");
            HttpResponse<String> api = get(apiBase + "/api/v1/discovery");
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(api.body()).get("schemaVersion").asInt()).isEqualTo(1);
        }
        NodeNamespaces written = client.resources(NodeNamespaces.class).withName(NODE).get();
        assertThat(written.getStatus().node().name()).isEqualTo(NODE);
        assertThat(CrdSchema.of("nodenamespaces.lxkns.io").problems(written)).isEmpty();
    }

    @Test
    void anUnreachableApiServerMakesTheAgentUnreadyButDiscoveryGoesOn() {
        server.expect().get().withPath("/apis/lxkns.io/v1alpha1/nodenamespaces/" + NODE)
                .andReturn(503, "{\"message\": \"apiserver restarting\"}").always();

        loop.runOnce();

        Health readiness = loop.readiness();
        assertThat(readiness.ok()).isFalse();
        assertThat(readiness.reason()).contains("NodeNamespaces not written").contains("503");
        assertThat(loop.liveness().ok()).isTrue();
        assertThat(loop.latest()).as("the discovery itself went through").isNotNull();
        assertThat(loop.latest().discovery().namespaces()).isNotEmpty();
    }

    @Test
    void aWriteDeferredByTheMinimumIntervalGoesOutWhenItEndsNotAtTheNextDiscovery() throws Exception {
        AtomicReference<NodeView> node = new AtomicReference<>(SyntheticNode.of(50, 0));
        AgentMetrics metrics = new AgentMetrics();
        Publisher publisher = new Publisher(client, NODE, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMinutes(10),
                () -> 0.0);
        try (AgentLoop running = new AgentLoop(NODE, "test", Duration.ofMinutes(5), 256 * 1024,
                NodeObserver.replaying(() -> node.get().discovery()), publisher, Clock.systemUTC(), metrics).start()) {
            int before = awaitNamespaces(Duration.ofSeconds(10), 1);
            node.set(SyntheticNode.of(60, 0));

            running.trigger(); // as an engine event would: discovered within a second, but deferred

            // Without the deferred run this would wait for the next discovery, five minutes away.
            awaitNamespaces(Duration.ofSeconds(15), before + 10);
            assertThat(metrics.registry().scrape()).as("the change was held back first")
                    .contains("lxkns_publishes_total{outcome=\"deferred\"} 1.0");
        }
    }

    @Test
    void aFailedWriteIsRetriedWhenItsBackoffEndsNotAtTheNextDiscovery() throws Exception {
        // On the status write, which only the agent makes (the test's own reads must not take it).
        server.expect().put().withPath("/apis/lxkns.io/v1alpha1/nodenamespaces/" + NODE + "/status")
                .andReturn(503, "{\"message\": \"apiserver restarting\"}").once();
        AgentMetrics metrics = new AgentMetrics();
        // Without the client's own retries, as the agent runs it (Agent.clientConfig).
        Config noRetries = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient agentClient = new KubernetesClientBuilder().withConfig(noRetries).build();
                AgentLoop running = new AgentLoop(NODE, "test", Duration.ofMinutes(5), 256 * 1024,
                        NodeObserver.replaying(NODE_VIEW), new Publisher(agentClient, NODE, Clock.systemUTC(),
                                Duration.ofSeconds(30), Duration.ofMinutes(10), () -> 0.0), Clock.systemUTC(), metrics)
                        .start()) {
            // The first backoff is a few seconds; the next discovery is five minutes away.
            awaitNamespaces(Duration.ofSeconds(15), 1);
            assertThat(metrics.registry().scrape()).as("the first attempt failed")
                    .contains("lxkns_publishes_total{outcome=\"failed\"} 1.0");
        }
    }

    /** Waits for the written object to show at least {@code namespaces}; returns how many it shows. */
    private int awaitNamespaces(Duration limit, int namespaces) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            NodeNamespaces written = client.resources(NodeNamespaces.class).withName(NODE).get();
            if (written != null && written.getStatus() != null && written.getStatus().summary().namespaces() >= namespaces) {
                return written.getStatus().summary().namespaces();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("NodeNamespaces/" + NODE + " did not show " + namespaces + " namespaces within " + limit);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
