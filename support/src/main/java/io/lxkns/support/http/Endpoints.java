package io.lxkns.support.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A few HTTP endpoints on the JDK's server. {@link #bind} takes the port first; routes are added,
 * then {@link #start} serves them.
 */
public final class Endpoints implements AutoCloseable {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private Endpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (port 0: any free port).
     *
     * @throws IOException when it cannot be bound, e.g. because the port is in use
     */
    public static Endpoints bind(InetSocketAddress address, String threadName) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        return new Endpoints(server, executor);
    }

    /** A probe: 200 or 503 with its reason. */
    public Endpoints probe(String path, Supplier<Health> health) {
        return route(path, exchange -> {
            Health answer = health.get();
            send(exchange, answer.ok() ? 200 : 503, TEXT, answer.reason() + "\n");
        });
    }

    /** A page of text that is made anew for each request. */
    public Endpoints text(String path, String contentType, Supplier<String> body) {
        return route(path, exchange -> send(exchange, 200, contentType, body.get()));
    }

    public Endpoints route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public Endpoints start() {
        server.start();
        return this;
    }

    /** The address it listens on (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Answers with {@code body}; a HEAD request gets the headers only. */
    public static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
