package io.lxkns.agent.http;

import io.lxkns.agent.daemon.AgentLoop;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.render.JsonRenderer;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.Endpoints.Response;
import io.lxkns.support.http.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.StringWriter;
import java.util.function.Supplier;

/**
 * The agent's routes. Probes and counts ({@code /healthz}, {@code /readyz}, {@code /metrics}) are
 * for anyone who reaches the pod; the node's full discovery ({@code /api/v1/discovery}) is served
 * apart, on loopback or behind the API server's authentication ({@link ApiAccess}).
 */
public final class AgentEndpoints {
    public static final String DISCOVERY_PATH = "/api/v1/discovery";

    private AgentEndpoints() {}

    /**
     * Adds the probes and metrics to {@code endpoints} (already bound) and starts serving them; the
     * probes are asked of suppliers, since they are served before there is a loop.
     */
    public static Endpoints serveProbes(Endpoints endpoints, Supplier<Health> liveness, Supplier<Health> readiness,
            PrometheusMeterRegistry registry) {
        return endpoints
                .probe("/healthz", liveness)
                .probe("/readyz", readiness)
                .text("/metrics", Endpoints.PROMETHEUS, registry::scrape)
                .start();
    }

    /**
     * Adds the discovery API to {@code endpoints} (already bound) and starts serving it; every
     * request is first put to {@code access}. Container labels other than the pod identity the
     * kubelet sets leave the node only when {@code labels} allows their keys.
     */
    public static Endpoints serveApi(Endpoints endpoints, AgentLoop loop, ApiAccess access, LabelFilter labels) {
        return endpoints.route(DISCOVERY_PATH, request -> {
            Response refused = access.check(request);
            if (refused != null) {
                return refused;
            }
            NodeView view = loop.latest();
            if (view == null) {
                return Response.text(503, Endpoints.TEXT, "no discovery yet\n");
            }
            StringWriter json = new StringWriter();
            JsonRenderer.write(view, view.discovery().namespaces().values(), labels, json);
            return Response.text(200, Endpoints.JSON, json.toString());
        }).start();
    }
}
