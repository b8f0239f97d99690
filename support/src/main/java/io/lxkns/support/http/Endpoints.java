package io.lxkns.support.http;

import io.lxkns.support.Daemons;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A few HTTP endpoints that answer promptly whatever other clients do.
 *
 * <p>Anyone who can reach the port is a client: a tenant's pod can open hundreds of connections
 * and send half a request on each, or read an answer one byte a minute. One selector thread reads
 * and writes every connection without blocking; a request is handed to a handler only once it has
 * fully arrived, within {@link #REQUEST_DEADLINE_MILLIS} and {@link #MAX_REQUEST_BYTES}; an answer
 * must be taken within {@link #RESPONSE_DEADLINE_MILLIS}. Past {@link #MAX_CONNECTIONS}, the
 * connection that has waited longest without a complete request is closed to make room. Every
 * answer closes its connection (no keep-alive, no request body: GET and HEAD only).
 */
public final class Endpoints implements AutoCloseable {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    public static final String JSON = "application/json";

    static final int MAX_REQUEST_BYTES = 8 * 1024;
    static final long REQUEST_DEADLINE_MILLIS = Long.getLong("lxkns.http.requestDeadlineMillis", 5_000);
    static final long RESPONSE_DEADLINE_MILLIS = 30_000;
    static final int MAX_CONNECTIONS = 256;

    /**
     * A request that has fully arrived. Header names are lower case; {@code query} is the raw text
     * after {@code ?}, or null.
     */
    public record Request(String method, String path, Map<String, String> headers, String query) {
        public Request(String method, String path, Map<String, String> headers) {
            this(method, path, headers, null);
        }
    }

    /** An answer; {@code headers} are sent besides Content-Type, Content-Length and Connection. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        public static Response text(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        public Response withHeaders(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(more);
            return new Response(status, contentType, body, all);
        }
    }

    /** Answers one request; runs on a worker thread, never on the selector's. */
    public interface Handler {
        Response handle(Request request) throws Exception;
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final String threadName;
    /** A handler, and whether it is quick enough to answer on the selector thread itself. */
    private record Route(Handler handler, boolean inline) {}

    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Routes for every path under a prefix, longest prefix first. */
    private final TreeMap<String, Route> prefixes = new TreeMap<>(Comparator
            .comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
    private final ExecutorService workers;
    /** Connections by age, oldest first, for making room. */
    private final Deque<Connection> connections = new ArrayDeque<>();
    private final Deque<Runnable> fromWorkers = new ConcurrentLinkedDeque<>();
    private Thread loop;
    private volatile boolean closed;

    private Endpoints(ServerSocketChannel server, Selector selector, String threadName) {
        this.server = server;
        this.selector = selector;
        this.threadName = threadName;
        // A bounded queue: complete requests arriving faster than they are answered are refused.
        this.workers = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(32),
                Daemons.named(threadName + "-worker"));
    }

    /**
     * Binds {@code address} (port 0: any free port); serving starts with {@link #start}.
     *
     * @throws IOException when it cannot be bound, e.g. because the port is in use
     */
    public static Endpoints bind(InetSocketAddress address, String threadName) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                server.bind(address, 64);
            } catch (BindException e) {
                BindException named = new BindException("cannot listen on " + HostPort.format(address) + ": "
                        + e.getMessage());
                named.initCause(e);
                throw named;
            }
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            return new Endpoints(server, selector, threadName);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * A probe: 200 or 503 with its reason. {@code health} must be quick and never block: probes are
     * answered on the selector thread, so no queue of other requests can delay them.
     */
    public Endpoints probe(String path, Supplier<Health> health) {
        routes.put(path, new Route(request -> {
            Health answer = health.get();
            return Response.text(answer.ok() ? 200 : 503, TEXT, answer.reason() + "\n");
        }, true));
        return this;
    }

    /** A page of text that is made anew for each request. */
    public Endpoints text(String path, String contentType, Supplier<String> body) {
        return route(path, request -> Response.text(200, contentType, body.get()));
    }

    /** Answers requests for exactly {@code path} (a query string is ignored). */
    public Endpoints route(String path, Handler handler) {
        routes.put(path, new Route(handler, false));
        return this;
    }

    /** Answers requests for every path that starts with {@code prefix}, where no exact route is. */
    public Endpoints prefix(String prefix, Handler handler) {
        prefixes.put(prefix, new Route(handler, false));
        return this;
    }

    private Route routeOf(String path) {
        Route exact = routes.get(path);
        if (exact != null) {
            return exact;
        }
        return prefixes.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public Endpoints start() {
        loop = new Thread(this::serve, threadName);
        loop.setDaemon(true);
        loop.start();
        return this;
    }

    /** The address it listens on (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("closed", e);
        }
    }

    /** One client connection: what has arrived, what is left to send, and until when. */
    private final class Connection {
        final SocketChannel channel;
        final SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(1024);
        ByteBuffer out;
        long deadline = System.currentTimeMillis() + REQUEST_DEADLINE_MILLIS;
        boolean answering;

        Connection(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                // gone already
            }
            connections.remove(this);
        }
    }

    private void serve() {
        while (!closed) {
            try {
                selector.select(250);
                for (Runnable task; (task = fromWorkers.poll()) != null; ) {
                    task.run();
                }
                Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                while (ready.hasNext()) {
                    SelectionKey key = ready.next();
                    ready.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.attachment() instanceof Connection connection) {
                        if (key.isReadable()) {
                            read(connection);
                        } else if (key.isValid() && key.isWritable()) {
                            write(connection);
                        }
                    }
                }
                expire();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    // One bad connection must not stop the probes; the loop goes on.
                    continue;
                }
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel channel; (channel = server.accept()) != null; ) {
            if (connections.size() >= MAX_CONNECTIONS) {
                Connection waiting = connections.stream().filter(c -> !c.answering).findFirst().orElse(null);
                if (waiting == null) {
                    channel.close(); // every slot is being answered: this one has to try again
                    continue;
                }
                waiting.close();
            }
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            Connection connection = new Connection(channel, key);
            key.attach(connection);
            connections.addLast(connection);
        }
    }

    private void read(Connection connection) {
        try {
            if (!connection.in.hasRemaining()) {
                if (connection.in.capacity() >= MAX_REQUEST_BYTES) {
                    respondNow(connection, Response.text(431, TEXT, "request too large\n"));
                    return;
                }
                connection.in = ByteBuffer.allocate(connection.in.capacity() * 2).put(connection.in.flip());
            }
            if (connection.channel.read(connection.in) < 0) {
                connection.close();
                return;
            }
        } catch (IOException e) {
            connection.close();
            return;
        }
        String received = new String(connection.in.array(), 0, connection.in.position(), StandardCharsets.ISO_8859_1);
        int end = received.indexOf("\r\n\r\n");
        if (end < 0) {
            return; // more to come, within the deadline
        }
        Request request = parse(received.substring(0, end));
        if (request == null) {
            respondNow(connection, Response.text(400, TEXT, "bad request\n"));
            return;
        }
        Route route = routeOf(request.path());
        if (route == null) {
            respondNow(connection, Response.text(404, TEXT, "not found\n"));
            return;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            respondNow(connection, Response.text(405, TEXT, "GET or HEAD only\n"));
            return;
        }
        connection.answering = true;
        if (route.inline) {
            answer(connection, request, route.handler);
            return;
        }
        connection.key.interestOps(0);
        connection.deadline = Long.MAX_VALUE; // the handler's time is ours, not the client's
        try {
            workers.execute(() -> {
                Response response = handled(route.handler, request); // here, on the worker
                fromWorkers.add(() -> answer(connection, request, () -> response));
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            respondNow(connection, Response.text(503, TEXT, "busy\n"));
        }
    }

    /** What a handler answers; a failure is a 500 that tells nothing about it. */
    private static Response handled(Handler handler, Request request) {
        try {
            return handler.handle(request);
        } catch (Exception | LinkageError e) {
            return Response.text(500, TEXT, "internal error\n");
        }
    }

    private void answer(Connection connection, Request request, Handler handler) {
        answer(connection, request, () -> handled(handler, request));
    }

    private void answer(Connection connection, Request request, Supplier<Response> made) {
        Response response = made.get();
        Response sent = request.method().equals("HEAD")
                ? new Response(response.status(), response.contentType(), new byte[0], response.headers()) : response;
        respond(connection, sent, response.body().length);
    }

    private void respondNow(Connection connection, Response response) {
        connection.answering = true;
        respond(connection, response, response.body().length);
    }

    private void respond(Connection connection, Response response, int contentLength) {
        if (!connection.channel.isOpen() || !connection.key.isValid()) {
            return;
        }
        StringBuilder extra = new StringBuilder();
        response.headers().forEach((name, value) -> extra.append(name).append(": ").append(value).append("\r\n"));
        byte[] head = ("HTTP/1.1 " + response.status() + " " + reason(response.status()) + "\r\n"
                + "Content-Type: " + response.contentType() + "\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + extra
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        connection.out = ByteBuffer.allocate(head.length + response.body().length).put(head).put(response.body()).flip();
        connection.deadline = System.currentTimeMillis() + RESPONSE_DEADLINE_MILLIS;
        connection.key.interestOps(SelectionKey.OP_WRITE);
        write(connection);
    }

    private void write(Connection connection) {
        try {
            connection.channel.write(connection.out);
            if (!connection.out.hasRemaining()) {
                connection.close();
            }
        } catch (IOException e) {
            connection.close();
        }
    }

    /** Closes every connection past its deadline. */
    private void expire() {
        long now = System.currentTimeMillis();
        for (Connection connection : connections.toArray(Connection[]::new)) {
            if (now > connection.deadline) {
                connection.close();
            }
        }
    }

    /** The request line and headers; null when they are not HTTP/1.x. */
    static Request parse(String head) {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return null;
            }
            headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        return new Request(requestLine[0], query < 0 ? target : target.substring(0, query), headers,
                query < 0 ? null : target.substring(query + 1));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (loop != null) {
            try {
                loop.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Connection connection : connections.toArray(Connection[]::new)) {
            connection.close();
        }
        try {
            selector.close();
            server.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
        workers.shutdownNow();
    }
}
