package io.lxkns.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void probesAnswerTheirHealthAndPagesTheirText() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        try (Endpoints endpoints = Endpoints.bind(HostPort.parse("127.0.0.1:0"), "test-http")
                .probe("/readyz", () -> new Health(ready.get(), ready.get() ? "ready" : "not yet"))
                .text("/metrics", Endpoints.PROMETHEUS, () -> "up 1\n")
                .start()) {
            String base = "http://127.0.0.1:" + endpoints.address().getPort();
            HttpResponse<String> notReady = get(base + "/readyz", "GET");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("not yet\n");
            ready.set(true);
            assertThat(get(base + "/readyz", "GET").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(base + "/metrics", "GET");
            assertThat(metrics.body()).isEqualTo("up 1\n");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue(Endpoints.PROMETHEUS);
            HttpResponse<String> head = get(base + "/metrics", "HEAD");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void prefixRoutesSeeTheirPathAndQueryAndSendTheirHeaders() throws Exception {
        try (Endpoints endpoints = Endpoints.bind(HostPort.parse("127.0.0.1:0"), "test-http")
                .route("/a/exact", request -> Endpoints.Response.text(200, Endpoints.TEXT, "exact"))
                .prefix("/a/", request -> Endpoints.Response.text(200, Endpoints.TEXT, "short"))
                .prefix("/a/b/", request -> Endpoints.Response.text(200, Endpoints.TEXT,
                        request.path() + " " + request.query()).withHeaders(java.util.Map.of("X-Test", "yes")))
                .start()) {
            String base = "http://127.0.0.1:" + endpoints.address().getPort();
            assertThat(get(base + "/a/exact", "GET").body()).isEqualTo("exact");
            assertThat(get(base + "/a/other", "GET").body()).isEqualTo("short");
            HttpResponse<String> longest = get(base + "/a/b/c?q=1", "GET");
            assertThat(longest.body()).isEqualTo("/a/b/c q=1");
            assertThat(longest.headers().firstValue("X-Test")).hasValue("yes");
            assertThat(get(base + "/b", "GET").statusCode()).isEqualTo(404);
        }
    }

    /**
     * Any pod can connect: hundreds of connections with half a request each, and clients that ask
     * for a large page and never read it, must not keep a probe from its answer.
     */
    @Test
    void probesAnswerPromptlyWhileSlowAndIdleClientsHoldConnections() throws Exception {
        String big = "x".repeat(4 * 1024 * 1024);
        List<Socket> attackers = new ArrayList<>();
        try (Endpoints endpoints = Endpoints.bind(HostPort.parse("127.0.0.1:0"), "test-http")
                .probe("/healthz", () -> new Health(true, "alive"))
                .text("/metrics", Endpoints.PROMETHEUS, () -> big)
                .start()) {
            int port = endpoints.address().getPort();
            for (int i = 0; i < 400; i++) {
                Socket idle = new Socket("127.0.0.1", port);
                idle.getOutputStream().write("GET /healthz HTT".getBytes(StandardCharsets.US_ASCII));
                attackers.add(idle);
            }
            for (int i = 0; i < 8; i++) {
                Socket slowReader = new Socket("127.0.0.1", port);
                slowReader.setReceiveBufferSize(1024);
                slowReader.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                attackers.add(slowReader);
            }
            HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> answer = probe.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("probe %d", i).isEqualTo(200);
            }
        } finally {
            for (Socket socket : attackers) {
                socket.close();
            }
        }
    }

    @Test
    void aRequestThatNeverEndsIsCutAtItsSizeLimit() throws Exception {
        try (Endpoints endpoints = Endpoints.bind(HostPort.parse("127.0.0.1:0"), "test-http")
                .probe("/healthz", () -> new Health(true, "alive")).start();
                Socket client = new Socket("127.0.0.1", endpoints.address().getPort())) {
            client.getOutputStream().write(("GET /healthz HTTP/1.1\r\nX: " + "a".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void aPortInUseFailsAtBindNotLater() throws Exception {
        try (Endpoints first = Endpoints.bind(HostPort.parse("127.0.0.1:0"), "test-http")) {
            InetSocketAddress taken = first.address();
            assertThatThrownBy(() -> Endpoints.bind(taken, "test-http")).isInstanceOf(BindException.class);
        }
    }

    @Test
    void hostPortTakesNamesAddressesAndBracketedIpv6() {
        assertThat(HostPort.parse("0.0.0.0:9090").getPort()).isEqualTo(9090);
        assertThat(HostPort.parse("[::1]:8081").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> HostPort.parse("9090")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> HostPort.parse("localhost:http")).hasMessageContaining("numeric port");
        assertThatThrownBy(() -> HostPort.parse("localhost:70000")).hasMessageContaining("between 0 and 65535");
    }

    private HttpResponse<String> get(String url, String method) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
