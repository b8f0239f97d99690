package io.lxkns.agent.engines.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.Pod;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The Docker Engine API on a unix socket.
 *
 * <p>Every request has a deadline of our own: docker-java's response timeout does not reach its
 * unix-socket transport, so a socket that accepts and never answers would hold a call for ever. A
 * call past its deadline fails, and the connection it waits on is closed (which ends the wait) by
 * replacing the request client.
 */
public final class DockerClient implements EngineClient {
    private static final AtomicInteger CALLERS = new AtomicInteger();

    private final String socket;
    private final Duration timeout;
    private volatile com.github.dockerjava.api.DockerClient requests;
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lxkns-docker-call-" + CALLERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Events use their own client, made on {@link #subscribe}: a response timeout would cut an idle
     * event stream, and a single listing (the CLI) needs none.
     */
    private com.github.dockerjava.api.DockerClient events;

    public DockerClient(String socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.requests = client(socket, timeout);
    }

    private static com.github.dockerjava.api.DockerClient client(String socket, Duration responseTimeout) {
        URI host = URI.create("unix://" + socket);
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(false)
                .build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(DockerClient::noTls)
                .maxConnections(4)
                .connectionTimeout(Duration.ofSeconds(2));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /**
     * A TLS context that is never initialized: a unix socket speaks no TLS, and without one of its
     * own docker-java builds the JVM's default context, which loads every CA certificate of the
     * JDK's trust store (a tenth of a second of a cold run's CPU).
     */
    private static SSLContext noTls() throws NoSuchAlgorithmException {
        return SSLContext.getInstance("TLS");
    }

    @Override
    public EngineKind engine() {
        return EngineKind.DOCKER;
    }

    @Override
    public String endpoint() {
        return socket;
    }

    @Override
    public List<Container> list() throws EngineException {
        List<Container> containers = new ArrayList<>();
        try {
            // The list has no PIDs; each running container is inspected once.
            for (var listed : bounded("list containers", () -> requests.listContainersCmd().exec())) {
                inspect(null, listed.getId()).ifPresent(containers::add);
            }
        } catch (RuntimeException e) {
            throw failure("list containers", e);
        }
        return containers;
    }

    @Override
    public Optional<Container> inspect(String engineNamespace, String id) throws EngineException {
        InspectContainerResponse inspected;
        try {
            inspected = bounded("inspect " + id, () -> requests.inspectContainerCmd(id).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failure("inspect " + id, e);
        }
        var state = inspected.getState();
        Long pid = state == null ? null : state.getPidLong();
        if (pid == null || pid == 0 || !Boolean.TRUE.equals(state.getRunning())) {
            return Optional.empty();
        }
        Map<String, String> labels = inspected.getConfig() == null || inspected.getConfig().getLabels() == null
                ? Map.of() : inspected.getConfig().getLabels();
        String name = inspected.getName() == null ? inspected.getId() : inspected.getName().replaceFirst("^/", "");
        return Optional.of(new Container(inspected.getId(), name, EngineKind.DOCKER, null, socket,
                pid.intValue(), labels, Boolean.TRUE.equals(state.getPaused()), Pod.fromLabels(labels)));
    }

    @Override
    public Closeable subscribe(Listener listener) throws EngineException {
        ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
                String id = event.getId() != null ? event.getId()
                        : event.getActor() != null ? event.getActor().getId() : null;
                if (id != null) {
                    listener.changed(null, id);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                listener.failed(throwable);
            }

            @Override
            public void onComplete() {
                listener.failed(new EngineException("docker at " + socket + " closed the event stream", null));
            }
        };
        try {
            com.github.dockerjava.api.DockerClient stream;
            synchronized (this) {
                if (events == null) {
                    events = client(socket, null);
                }
                stream = events;
            }
            stream.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(callback);
        } catch (RuntimeException e) {
            throw failure("subscribe to events", e);
        }
        return callback;
    }

    /**
     * {@code call} within the deadline. Past it, the request client is replaced: closing the old one
     * closes the connection the call waits on, so its thread is not stuck either.
     */
    private <T> T bounded(String what, Callable<T> call) throws EngineException {
        Future<T> pending = calls.submit(call);
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            com.github.dockerjava.api.DockerClient stuck = requests;
            requests = client(socket, timeout);
            closeQuietly(stuck);
            throw new EngineException("docker at " + socket + ": " + what + ": no answer within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // NotFoundException and the rest, as if called here
            }
            throw new EngineException("docker at " + socket + ": " + what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.cancel(true);
            throw new EngineException("docker at " + socket + ": " + what + ": interrupted", e);
        }
    }

    private EngineException failure(String what, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new EngineException("docker at " + socket + ": " + what + " failed: " + root.getMessage(), e);
    }

    @Override
    public void close() {
        closeQuietly(requests);
        synchronized (this) {
            if (events != null) {
                closeQuietly(events);
            }
        }
        calls.shutdownNow();
    }

    private static void closeQuietly(com.github.dockerjava.api.DockerClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing a local socket client: nothing left to do
        }
    }
}
