package io.lxkns.agent.engines.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnixHttpTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void readsABodyOfAGivenLengthAndSendsAMinimalRequest() throws Exception {
        try (RawServer server = new RawServer((line, c) -> RawServer.write(c, RawServer.ok("[{\"Id\":\"a\"}]")))) {
            UnixHttp.Response response = new UnixHttp(server.socket()).get("/containers/json", TIMEOUT);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("[{\"Id\":\"a\"}]");
            assertThat(server.requests).singleElement().satisfies(request -> assertThat(request)
                    .startsWith("GET /containers/json HTTP/1.1\r\n").contains("Host: docker\r\n", "Connection: close\r\n"));
        }
    }

    @Test
    void decodesAChunkedBodyWithExtensionsAndTrailers() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n" + "1;name=value\r\n,\r\n" + "A\r\n world 123\r\n" + "0\r\nX-Trailer: t\r\n\r\n";
        try (RawServer server = new RawServer((line, c) -> RawServer.write(c, answer))) {
            assertThat(new UnixHttp(server.socket()).get("/x", TIMEOUT).text()).isEqualTo("hello, world 123");
        }
    }

    @Test
    void readsABodyWithoutLengthUntilTheServerCloses() throws Exception {
        try (RawServer server = new RawServer((line, c) -> {
            RawServer.write(c, "HTTP/1.0 404 Not Found\r\n\r\nno such container");
            c.close();
        })) {
            UnixHttp.Response response = new UnixHttp(server.socket()).get("/x", TIMEOUT);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.text()).isEqualTo("no such container");
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersCostsTheTimeout() throws Exception {
        try (RawServer server = new RawServer((line, c) -> new CountDownLatch(1).await())) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> new UnixHttp(server.socket()).get("/x", TIMEOUT))
                    .isInstanceOf(UnixHttp.TimeoutException.class)
                    .hasMessageContaining("GET /x not done within 500 ms");
            // Not a benchmark: it ends at all, and far below the for ever it would wait without.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerThatTricklesItsAnswerCannotExtendTheDeadline() throws Exception {
        try (RawServer server = new RawServer((line, c) -> {
            RawServer.write(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            while (true) {
                RawServer.write(c, "1\r\n[\r\n");
                Thread.sleep(50);
            }
        })) {
            assertThatThrownBy(() -> new UnixHttp(server.socket()).get("/x", TIMEOUT))
                    .isInstanceOf(UnixHttp.TimeoutException.class);
        }
    }

    @Test
    void anAnswerLargerThanTheBoundIsRefusedUnread() throws Exception {
        try (RawServer server = new RawServer((line, c) -> RawServer.write(c,
                "HTTP/1.1 200 OK\r\nContent-Length: " + (UnixHttp.MAX_BODY_BYTES + 1) + "\r\n\r\n"))) {
            assertThatThrownBy(() -> new UnixHttp(server.socket()).get("/x", TIMEOUT))
                    .hasMessageContaining("a Content-Length of 16777217 bytes");
        }
    }

    @Test
    void anEndlessChunkedAnswerIsCutAtTheBound() throws Exception {
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawServer server = new RawServer((line, c) -> {
            RawServer.write(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            while (true) {
                c.write(java.nio.ByteBuffer.wrap(chunk));
            }
        })) {
            assertThatThrownBy(() -> new UnixHttp(server.socket()).get("/x", Duration.ofSeconds(30)))
                    .hasMessageContaining("an answer larger than 16 MiB to GET /x");
        }
    }

    @Test
    void aHeadThatIsTooLongOrHasTooManyFieldsIsRefused() throws Exception {
        try (RawServer longLine = new RawServer((line, c) -> RawServer.write(c,
                "HTTP/1.1 200 OK\r\nX-Long: " + "y".repeat(20_000) + "\r\n\r\n"));
                RawServer manyFields = new RawServer((line, c) -> RawServer.write(c,
                        "HTTP/1.1 200 OK\r\n" + "X-Field: z\r\n".repeat(101) + "\r\n"))) {
            assertThatThrownBy(() -> new UnixHttp(longLine.socket()).get("/x", TIMEOUT))
                    .hasMessageContaining("a line longer than 8192 bytes");
            assertThatThrownBy(() -> new UnixHttp(manyFields.socket()).get("/x", TIMEOUT))
                    .hasMessageContaining("more than 100 header fields");
        }
    }

    @Test
    void aBodyShorterThanItsLengthOrNotHttpIsAnError() throws Exception {
        try (RawServer short_ = new RawServer((line, c) -> {
            RawServer.write(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n[]");
            c.close();
        });
                RawServer ssh = new RawServer((line, c) -> RawServer.write(c, "SSH-2.0-OpenSSH_9.2\r\n\u001b[2J"))) {
            assertThatThrownBy(() -> new UnixHttp(short_.socket()).get("/x", TIMEOUT))
                    .isInstanceOf(EOFException.class).hasMessageContaining("98 bytes before the answer's end");
            assertThatThrownBy(() -> new UnixHttp(ssh.socket()).get("/x", TIMEOUT))
                    .hasMessage("not an HTTP answer: SSH-2.0-OpenSSH_9.2");
        }
    }

    @Test
    void aStreamHasNoDeadlineAsDockerSendsItsHeadWithTheFirstEventAndEndsWhenClosed() throws Exception {
        CountDownLatch later = new CountDownLatch(1);
        try (RawServer server = new RawServer((line, c) -> {
            later.await();
            RawServer.write(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}\n\r\n");
            new CountDownLatch(1).await();
        })) {
            UnixHttp.Stream stream = new UnixHttp(server.socket()).stream("/events", TIMEOUT);
            CompletableFuture<InputStream> body = CompletableFuture.supplyAsync(() -> {
                try {
                    return stream.body();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(2 * TIMEOUT.toMillis()); // an idle stream outlives the request's deadline
            later.countDown();
            InputStream events = body.get(10, TimeUnit.SECONDS);
            byte[] event = events.readNBytes(3);
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return events.read();
                } catch (IOException e) {
                    return -2;
                }
            });
            stream.close();

            assertThat(new String(event, StandardCharsets.US_ASCII)).isEqualTo("{}\n");
            assertThat(blocked.get(10, TimeUnit.SECONDS)).as("a read blocked on the closed stream ends").isEqualTo(-2);
        }
    }

    @Test
    void aStreamAnsweredWithAnErrorFails() throws Exception {
        try (RawServer server = new RawServer((line, c) -> RawServer.write(c,
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
                UnixHttp.Stream stream = new UnixHttp(server.socket()).stream("/events", TIMEOUT)) {
            assertThatThrownBy(stream::body).hasMessage("HTTP 400");
        }
    }

    @Test
    void aSocketWithNothingBehindItFailsAtOnce() {
        assertThatThrownBy(() -> new UnixHttp("/nonexistent/docker.sock").get("/x", TIMEOUT))
                .isInstanceOf(IOException.class).isNotInstanceOf(UnixHttp.TimeoutException.class);
    }
}
