package io.lxkns.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lxkns.agent.daemon.AgentLoop;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.render.JsonRenderer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** Probes, metrics and the discovery API. Bound to localhost unless configured otherwise. */
public final class AgentHttpServer implements AutoCloseable {
    private final HttpServer server;

    public AgentHttpServer(InetSocketAddress address, AgentLoop loop, PrometheusMeterRegistry registry) throws IOException {
        server = HttpServer.create(address, 16);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "lxkns-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/healthz", exchange -> health(exchange, loop.liveness()));
        server.createContext("/readyz", exchange -> health(exchange, loop.readiness()));
        server.createContext("/metrics", exchange ->
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/api/v1/discovery", exchange -> {
            NodeView view = loop.latest();
            if (view == null) {
                send(exchange, 503, "text/plain; charset=utf-8", "no discovery yet\n");
                return;
            }
            StringWriter json = new StringWriter();
            JsonRenderer.write(view, view.discovery().namespaces().values(), json);
            send(exchange, 200, "application/json", json.toString());
        });
        server.start();
    }

    /** The address it listens on (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void health(HttpExchange exchange, AgentLoop.Health health) throws IOException {
        send(exchange, health.ok() ? 200 : 503, "text/plain; charset=utf-8", health.reason() + "\n");
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
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
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
