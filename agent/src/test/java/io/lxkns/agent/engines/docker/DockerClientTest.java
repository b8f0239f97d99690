package io.lxkns.agent.engines.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.EngineKind;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client against answers shaped as the Docker Engine API documents them, and against answers no
 * engine should give. Real dockerd is in {@code EnginesIT} and {@code ContainerTrackerIT}.
 */
class DockerClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final String RUNNING = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String EXITED = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static String inspect(String id, String name, int pid, boolean running, boolean paused, String labels) {
        return "{\"Id\":\"" + id + "\",\"Created\":\"2026-11-29T17:00:00Z\",\"Path\":\"/bin/sleep\",\"Args\":[\"600\"],"
                + "\"State\":{\"Status\":\"running\",\"Running\":" + running + ",\"Paused\":" + paused
                + ",\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,\"Pid\":" + pid + ",\"ExitCode\":0,"
                + "\"Health\":{\"Status\":\"healthy\",\"Log\":[{\"ExitCode\":0,\"Output\":\"ok\"}]}},"
                + "\"Name\":\"" + name + "\",\"HostConfig\":{\"NetworkMode\":\"default\",\"Binds\":null},"
                + "\"Mounts\":[],\"Config\":{\"Hostname\":\"h\",\"Env\":[\"SECRET=x\"],\"Cmd\":[\"/bin/sleep\",\"600\"],"
                + "\"Labels\":" + labels + "},\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.2\"}}}}";
    }

    private static RawServer engine() throws Exception {
        return new RawServer((line, c) -> {
            if (line.startsWith("GET /containers/json ")) {
                RawServer.write(c, RawServer.ok("[{\"Id\":\"" + RUNNING + "\",\"Names\":[\"/web\"],\"Labels\":{}},"
                        + "{\"Id\":\"" + EXITED + "\",\"Names\":[\"/old\"]}]"));
            } else if (line.startsWith("GET /containers/" + RUNNING + "/json ")) {
                RawServer.write(c, RawServer.ok(inspect(RUNNING, "/web", 4242, true, true,
                        "{\"io.kubernetes.pod.namespace\":\"shop\",\"io.kubernetes.pod.name\":\"web-0\","
                                + "\"io.kubernetes.pod.uid\":\"6f1b3c2e-7a1d-4c52-9a43-0f6b7c7d2e11\","
                                + "\"io.kubernetes.container.name\":\"web\",\"team\":\"blue\"}")));
            } else if (line.startsWith("GET /containers/" + EXITED + "/json ")) {
                RawServer.write(c, RawServer.ok(inspect(EXITED, "/old", 0, false, false, "null")));
            } else {
                RawServer.write(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}");
            }
        });
    }

    @Test
    void listsRunningContainersWithTheirPidLabelsAndPod() throws Exception {
        try (RawServer server = engine(); DockerClient docker = new DockerClient(server.socket(), TIMEOUT)) {
            List<Container> containers = docker.list();

            assertThat(containers).singleElement().satisfies(c -> {
                assertThat(c.id()).isEqualTo(RUNNING);
                assertThat(c.name()).isEqualTo("web");
                assertThat(c.engine()).isEqualTo(EngineKind.DOCKER);
                assertThat(c.endpoint()).isEqualTo(server.socket());
                assertThat(c.pid()).isEqualTo(4242);
                assertThat(c.paused()).isTrue();
                assertThat(c.labels()).containsEntry("team", "blue").hasSize(5);
                assertThat(c.pod().namespace()).isEqualTo("shop");
                assertThat(c.pod().name()).isEqualTo("web-0");
                assertThat(c.pod().container()).isEqualTo("web");
            });
            assertThat(docker.inspect(null, "gone")).as("404").isEmpty();
        }
    }

    @Test
    void anIdThatIsNoContainerIdIsNeverPutIntoAPath() throws Exception {
        try (RawServer server = engine(); DockerClient docker = new DockerClient(server.socket(), TIMEOUT)) {
            assertThat(docker.inspect(null, "../../version")).isEmpty();
            assertThat(docker.inspect(null, "x?all=1")).isEmpty();
            assertThat(server.requests).isEmpty();
        }
    }

    @Test
    void fieldsOfTheWrongShapeAreIgnoredAndAServerErrorIsAnEngineError() throws Exception {
        String deep = "[".repeat(200) + "]".repeat(200);
        try (RawServer odd = new RawServer((line, c) -> {
            if (line.startsWith("GET /containers/json ")) {
                RawServer.write(c, RawServer.ok("[{\"Id\":{\"x\":" + deep + "}},{\"Id\":\"" + RUNNING + "\"}]"));
            } else {
                RawServer.write(c, RawServer.ok("{\"Id\":\"" + RUNNING + "\",\"Name\":7,\"State\":{\"Pid\":\"12\","
                        + "\"Running\":true},\"Config\":{\"Labels\":{\"a\":{\"b\":1},\"c\":\"d\"}}}"));
            }
        });
                RawServer failing = new RawServer((line, c) -> RawServer.write(c,
                        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 34\r\n\r\n{\"message\":\"database is locked\"}\n\n"))) {
            assertThat(new DockerClient(odd.socket(), TIMEOUT).list()).as("no PID that is a number: not running").isEmpty();
            assertThatThrownBy(() -> new DockerClient(failing.socket(), TIMEOUT).list())
                    .isInstanceOf(EngineException.class)
                    .hasMessage("docker at " + failing.socket() + ": list containers failed: HTTP 500 to list containers: "
                            + "{\"message\":\"database is locked\"}");
        }
    }

    @Test
    void eventsNameTheirContainerUntilTheStreamEndsOrIsClosed() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        String attributes = "{\"image\":\"busybox\",\"huge\":\"" + "x".repeat(100_000) + "\"}";
        AtomicInteger connections = new AtomicInteger();
        try (RawServer server = new RawServer((line, c) -> {
            if (connections.incrementAndGet() > 1) {
                new CountDownLatch(1).await(); // an idle engine: no head until the first event
            }
            RawServer.write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (String event : List.of(
                    "{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" + RUNNING + "\",\"Attributes\":"
                            + attributes + "},\"scope\":\"local\",\"time\":1,\"timeNano\":1}\n",
                    "{\"status\":\"die\",\"id\":\"" + EXITED + "\",\"from\":\"busybox\"}\n",
                    "{\"Type\":\"container\",\"Action\":\"exec_start: sh\"}\n")) {
                RawServer.write(c, Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
            }
            end.await();
            c.close();
        })) {
            BlockingQueue<String> changed = new LinkedBlockingQueue<>();
            BlockingQueue<Throwable> failed = new LinkedBlockingQueue<>();
            EngineClient.Listener listener = new EngineClient.Listener() {
                @Override
                public void changed(String engineNamespace, String containerId) {
                    changed.add(containerId);
                }

                @Override
                public void failed(Throwable cause) {
                    failed.add(cause);
                }
            };
            try (DockerClient docker = new DockerClient(server.socket(), TIMEOUT)) {
                docker.subscribe(listener);
                assertThat(changed.poll(10, TimeUnit.SECONDS)).isEqualTo(RUNNING);
                assertThat(changed.poll(10, TimeUnit.SECONDS)).isEqualTo(EXITED);
                end.countDown();
                assertThat(failed.poll(10, TimeUnit.SECONDS)).hasMessageContaining("closed the event stream");
                assertThat(changed).as("an event without a container").isEmpty();
                assertThat(server.requests).first().satisfies(request ->
                        assertThat(request).startsWith("GET /events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D "));

                Closeable second = docker.subscribe(listener);
                second.close();
                assertThat(failed.poll(1, TimeUnit.SECONDS)).as("closed on purpose: no failure").isNull();
            }
        }
    }
}
