package io.lxkns.operator.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.Endpoints.Request;
import io.lxkns.support.http.Endpoints.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The UI's own listener, separate from the probes and metrics: the page, its script and style
 * from the jar, and each view's JSON under {@code /ui/api/}. It binds loopback by default, so only
 * {@code kubectl port-forward} (the cluster's authentication and RBAC on pods/portforward) reaches
 * it. Requests whose Host is not a loopback name are refused: a web page the user has open
 * elsewhere could otherwise point a DNS name at 127.0.0.1 and read the views (DNS rebinding).
 */
public final class UiServer implements AutoCloseable {
    static final String API = "/ui/api/";
    /** Nothing but our own script and style: a string that slipped into markup could not run. */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Endpoints http;
    private final UiState state;
    private final Function<String, NodeNamespacesStatus> fullReport;

    /**
     * @param fullReport reads a node's NodeNamespaces status with its namespace entries, which the
     *     informer cache leaves out; null when it cannot
     */
    private UiServer(Endpoints http, UiState state, Function<String, NodeNamespacesStatus> fullReport) {
        this.http = http;
        this.state = state;
        this.fullReport = fullReport;
    }

    public static UiServer start(InetSocketAddress address, UiState state,
            Function<String, NodeNamespacesStatus> fullReport) throws IOException {
        Endpoints http = Endpoints.bind(address, "lxkns-operator-ui");
        UiServer server = new UiServer(http, state, fullReport);
        Response page = asset("index.html", "text/html; charset=utf-8");
        http.route("/", guarded(page))
                .route("/ui", guarded(page))
                .route("/ui/", guarded(page))
                .route("/ui/app.js", guarded(asset("app.js", "text/javascript; charset=utf-8")))
                .route("/ui/app.css", guarded(asset("app.css", "text/css; charset=utf-8")))
                .prefix(API, guarded(server::api))
                .start();
        return server;
    }

    /**
     * Nodes' reports with their namespace entries, for the node view: the informer cache leaves
     * them out (only people read them), so one is read from the API server when someone asks.
     */
    public static Function<String, NodeNamespacesStatus> fullReports(KubernetesClient client) {
        return node -> {
            try {
                NodeNamespaces report = client.resources(NodeNamespaces.class).withName(node).get();
                return report == null ? null : report.getStatus();
            } catch (RuntimeException e) {
                return null; // the view says its namespaces cannot be read now
            }
        };
    }

    public InetSocketAddress address() {
        return http.address();
    }

    private static Endpoints.Handler guarded(Response fixed) {
        return guarded(request -> fixed);
    }

    private static Endpoints.Handler guarded(Endpoints.Handler handler) {
        return request -> (loopbackHost(request.headers().get("host"))
                ? handler.handle(request)
                : Response.text(403, Endpoints.TEXT, "only through a loopback address, e.g. kubectl port-forward\n"))
                .withHeaders(SECURITY_HEADERS);
    }

    /** localhost, 127.0.0.1 or [::1], with or without a port. */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return name.equals("[::1]") || name.startsWith("[::1]:");
        }
        int colon = name.indexOf(':');
        name = colon < 0 ? name : name.substring(0, colon);
        return name.equals("localhost") || name.equals("127.0.0.1");
    }

    private Response api(Request request) throws IOException {
        UiSnapshot snapshot = state.snapshot();
        if (snapshot == null) {
            Map<String, Object> standby = new LinkedHashMap<>();
            standby.put("view", "standby");
            standby.put("leader", state.leader());
            standby.put("message", "This operator instance does not lead, or has not finished its first reconcile:"
                    + " it has nothing to show. Open the UI of the leader" + (state.leader() == null ? "."
                    : ", " + state.leader() + "."));
            return json(503, standby);
        }
        String rest = request.path().substring(API.length());
        Map<String, Object> view;
        if (rest.equals("cluster")) {
            view = UiViews.cluster(snapshot);
        } else if (rest.equals("search")) {
            view = UiViews.search(snapshot, parameter(request.query(), "q"));
        } else if (rest.startsWith("node/") && rest.indexOf('/', 5) < 0) {
            String name = decode(rest.substring(5));
            view = snapshot.nodes().containsKey(name) ? UiViews.node(snapshot, name, fullReport.apply(name)) : null;
        } else if (rest.startsWith("pod/") && rest.chars().filter(c -> c == '/').count() == 2) {
            String[] parts = rest.substring(4).split("/", 2);
            view = UiViews.pod(snapshot, decode(parts[0]) + "/" + decode(parts[1]));
        } else {
            view = null;
        }
        if (view == null) {
            return json(404, Map.of("view", "notfound", "message", "No such node, pod or view."));
        }
        return json(200, view);
    }

    private static Response json(int status, Object body) throws IOException {
        return new Response(status, Endpoints.JSON + "; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
                return decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a broken escape: taken as it is, which finds nothing
        }
    }

    private static Response asset(String name, String contentType) {
        try (InputStream in = UiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the UI's " + name);
            }
            return new Response(200, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
