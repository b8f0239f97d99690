package io.lxkns.agent.engines.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.Pod;
import io.lxkns.support.Daemons;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * The Docker Engine API on its unix socket: the container list, one container's details, and the
 * container events. Read with jackson-core's streaming parser, which keeps only the fields used.
 */
public final class DockerClient implements EngineClient {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String EVENTS = "/events?filters="
            + URLEncoder.encode("{\"type\":[\"container\"]}", StandardCharsets.UTF_8);
    private static final ThreadFactory STREAMS = Daemons.numbered("lxkns-docker-events");
    /** A container id or name as Docker makes them: nothing that could leave the URL path. */
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final String socket;
    private final Duration timeout;
    private final UnixHttp http;
    /** The event streams open now, closed with the client. */
    private final Set<Events> streams = ConcurrentHashMap.newKeySet();

    public DockerClient(String socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.http = new UnixHttp(socket);
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
        List<String> ids = new ArrayList<>();
        try (JsonParser json = parse("list containers", "/containers/json")) {
            expect(json != null && json.nextToken() == JsonToken.START_ARRAY, "a list");
            while (json.nextToken() == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    if (!json.currentName().equals("Id")) {
                        skipValue(json);
                        continue;
                    }
                    String id = text(json);
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
        } catch (IOException e) {
            throw failure("list containers", e);
        }
        // The list has no PIDs; each running container is inspected once.
        List<Container> containers = new ArrayList<>(ids.size());
        for (String id : ids) {
            inspect(null, id).ifPresent(containers::add);
        }
        return containers;
    }

    /** What the inspection of one container tells. */
    private static final class Inspected {
        String id;
        String name;
        long pid;
        boolean running;
        boolean paused;
        Map<String, String> labels = Map.of();
    }

    @Override
    public Optional<Container> inspect(String engineNamespace, String id) throws EngineException {
        if (!CONTAINER_ID.matcher(id).matches()) {
            return Optional.empty(); // not a container id or name: nothing to ask for
        }
        Inspected inspected = new Inspected();
        try (JsonParser json = parse("inspect " + id, "/containers/" + id + "/json")) {
            if (json == null) {
                return Optional.empty(); // 404: gone
            }
            expect(json.nextToken() == JsonToken.START_OBJECT, "an object");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                switch (json.currentName()) {
                    case "Id" -> inspected.id = text(json);
                    case "Name" -> inspected.name = text(json);
                    case "State" -> readState(json, inspected);
                    case "Config" -> readConfig(json, inspected);
                    default -> skipValue(json);
                }
            }
        } catch (IOException e) {
            throw failure("inspect " + id, e);
        }
        if (inspected.pid <= 0 || inspected.pid > Integer.MAX_VALUE || !inspected.running || inspected.id == null) {
            return Optional.empty();
        }
        String name = inspected.name == null ? inspected.id : inspected.name.replaceFirst("^/", "");
        return Optional.of(new Container(inspected.id, name, EngineKind.DOCKER, null, socket, (int) inspected.pid,
                inspected.labels, inspected.paused, Pod.fromLabels(inspected.labels)));
    }

    private static void readState(JsonParser json, Inspected inspected) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            json.skipChildren();
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            switch (json.currentName()) {
                case "Pid" -> inspected.pid = json.nextToken() == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : 0;
                case "Running" -> inspected.running = json.nextToken() == JsonToken.VALUE_TRUE;
                case "Paused" -> inspected.paused = json.nextToken() == JsonToken.VALUE_TRUE;
                default -> skipValue(json);
            }
        }
    }

    private static void readConfig(JsonParser json, Inspected inspected) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            json.skipChildren();
            return;
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            if (!json.currentName().equals("Labels") || json.nextToken() != JsonToken.START_OBJECT) {
                skipValue(json);
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                if (json.nextToken() == JsonToken.VALUE_STRING) {
                    labels.put(key, json.getText());
                } else {
                    json.skipChildren();
                }
            }
            inspected.labels = labels;
        }
    }

    @Override
    public Closeable subscribe(Listener listener) throws EngineException {
        UnixHttp.Stream stream;
        try {
            // Once the request is in, the engine queues every event for us: the list that follows
            // misses nothing.
            stream = http.stream(EVENTS, timeout);
        } catch (IOException e) {
            throw failure("subscribe to events", e);
        }
        Events events = new Events(stream, listener);
        streams.add(events);
        STREAMS.newThread(events::read).start();
        return events;
    }

    /** One event stream: one JSON object per event, for as long as the connection lasts. */
    private final class Events implements Closeable {
        private final UnixHttp.Stream stream;
        private final Listener listener;
        private volatile boolean closed;

        Events(UnixHttp.Stream stream, Listener listener) {
            this.stream = stream;
            this.listener = listener;
        }

        void read() {
            try (JsonParser json = JSON.createParser(stream.body())) {
                while (json.nextToken() == JsonToken.START_OBJECT) {
                    String id = eventContainerId(json);
                    if (id != null) {
                        listener.changed(null, id);
                    }
                }
                ended(null);
            } catch (EOFException e) {
                ended(e); // closed between chunks or inside one: ended all the same
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    listener.failed(failure("read events", e));
                }
            }
        }

        private void ended(EOFException cause) {
            if (!closed) {
                listener.failed(new EngineException("docker at " + socket + " closed the event stream", cause));
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            streams.remove(this);
            stream.close();
        }
    }

    /** The container an event is about: its {@code Actor.ID} (older engines: {@code id}). */
    private static String eventContainerId(JsonParser json) throws IOException {
        String id = null;
        String actorId = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            if (field.equals("id")) {
                id = text(json);
            } else if (field.equals("Actor") && json.nextToken() == JsonToken.START_OBJECT) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    if (json.currentName().equals("ID")) {
                        actorId = text(json);
                    } else {
                        skipValue(json);
                    }
                }
            } else {
                skipValue(json);
            }
        }
        return actorId != null ? actorId : id;
    }

    /** A parser on the answer to {@code GET path}; null for 404; an error for any other failure. */
    private JsonParser parse(String what, String path) throws IOException {
        UnixHttp.Response response = http.get(path, timeout);
        if (response.status() == 404) {
            return null;
        }
        if (response.status() != 200) {
            throw new IOException("HTTP " + response.status() + " to " + what + ": " + firstLine(response.text()));
        }
        return JSON.createParser(response.body());
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The next value as text; null for anything but a string. */
    private static String text(JsonParser json) throws IOException {
        if (json.nextToken() == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        json.skipChildren();
        return null;
    }

    /** Skips the value after the current field name, however deep. */
    private static void skipValue(JsonParser json) throws IOException {
        json.nextToken();
        json.skipChildren();
    }

    private static void expect(boolean condition, String what) throws IOException {
        if (!condition) {
            throw new IOException("the answer is not " + what);
        }
    }

    private EngineException failure(String what, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new EngineException("docker at " + socket + ": " + what + " failed: " + why, e);
    }

    @Override
    public void close() {
        // Requests keep nothing open between them; only event streams stay.
        for (Events events : List.copyOf(streams)) {
            try {
                events.close();
            } catch (IOException e) {
                // a local socket: closed either way
            }
        }
    }
}
