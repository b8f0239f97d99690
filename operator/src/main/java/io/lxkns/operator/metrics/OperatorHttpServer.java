package io.lxkns.operator.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}, on the JDK's own HTTP server. */
public final class OperatorHttpServer implements AutoCloseable {
    /** A probe's answer. */
    public record Health(boolean ok, String reason) {}

    private final HttpServer server;

    public OperatorHttpServer(InetSocketAddress address, Supplier<Health> liveness, Supplier<Health> readiness,
            OperatorMetrics metrics) throws IOException {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "lxkns-operator-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/healthz", exchange -> probe(exchange, liveness.get()));
        server.createContext("/readyz", exchange -> probe(exchange, readiness.get()));
        server.createContext("/metrics", exchange ->
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.registry().scrape()));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void probe(HttpExchange exchange, Health health) throws IOException {
        send(exchange, health.ok() ? 200 : 503, "text/plain; charset=utf-8", health.reason() + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
