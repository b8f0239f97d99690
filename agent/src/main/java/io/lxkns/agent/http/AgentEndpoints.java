package io.lxkns.agent.http;

import io.lxkns.agent.daemon.AgentLoop;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.render.JsonRenderer;
import io.lxkns.support.http.Endpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.StringWriter;

/** The agent's routes: probes from the loop, metrics from the registry, the newest node view as JSON. */
public final class AgentEndpoints {
    private AgentEndpoints() {}

    /** Adds the routes to {@code endpoints} (already bound) and starts serving them. */
    public static Endpoints serve(Endpoints endpoints, AgentLoop loop, PrometheusMeterRegistry registry) {
        return endpoints
                .probe("/healthz", loop::liveness)
                .probe("/readyz", loop::readiness)
                .text("/metrics", Endpoints.PROMETHEUS, registry::scrape)
                .route("/api/v1/discovery", exchange -> {
                    NodeView view = loop.latest();
                    if (view == null) {
                        Endpoints.send(exchange, 503, Endpoints.TEXT, "no discovery yet\n");
                        return;
                    }
                    StringWriter json = new StringWriter();
                    JsonRenderer.write(view, view.discovery().namespaces().values(), json);
                    Endpoints.send(exchange, 200, "application/json", json.toString());
                })
                .start();
    }
}
