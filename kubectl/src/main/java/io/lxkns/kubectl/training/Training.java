package io.lxkns.kubectl.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lxkns.kubectl.cli.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every command of the plugin once or twice, each output format, the fallback to Reports
 * included, against two canned API servers on loopback: one that lets the user read everything, one
 * that forbids the cluster-scoped lxkns objects as it would a namespace-scoped user. A JVM started
 * with {@code -XX:ArchiveClassesAtExit} around this run archives what later runs load.
 *
 * <p>Plain HTTP: a real cluster's TLS classes are the JDK's and load from its own archive or disk
 * either way; the plugin's own classes are what this run is for.
 */
public final class Training {
    /** The argument that runs the training instead of a command; not a command, so not in --help. */
    public static final String ARG = "--cds-training";

    private static final String BASE = "/io/lxkns/kubectl/training/";
    private static final Map<String, String> ANSWERS = Map.of(
            "/api/v1/namespaces/shop/pods/web", "pod.json",
            "/apis/lxkns.io/v1alpha1/nodenamespaces/n1", "nodenamespaces.json",
            "/apis/lxkns.io/v1alpha1/clusternamespaces/cluster", "clusternamespaces.json",
            "/apis/openreports.io/v1alpha1/namespaces/shop/reports/lxkns", "report.json",
            "/apis/openreports.io/v1alpha1/reports", "report-list");

    private static final List<List<String>> COMMANDS = List.of(
            List.of("findings", "-A"), List.of("findings", "-o", "json"), List.of("findings", "-A", "-o", "yaml"),
            List.of("pod", "web"), List.of("pod", "web", "-o", "json"), List.of("node", "n1"),
            List.of("pid", "n1", "101"), List.of("pid", "n1", "4242"), List.of("pod", "missing"),
            List.of("node", "--help"));
    private static final List<List<String>> FORBIDDEN_COMMANDS = List.of(
            List.of("pod", "web"), List.of("findings"), List.of("findings", "-A"));

    private Training() {}

    public static int run() {
        HttpServer open = serve(false);
        HttpServer scoped = serve(true);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kubectl-lxkns-training");
            Path openConfig = kubeconfig(dir.resolve("open"), open);
            Path scopedConfig = kubeconfig(dir.resolve("scoped"), scoped);
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
            for (List<String> command : COMMANDS) {
                Plugin.run(withConfig(command, openConfig), nowhere, nowhere);
            }
            for (List<String> command : FORBIDDEN_COMMANDS) {
                Plugin.run(withConfig(command, scopedConfig), nowhere, nowhere);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.stop(0);
            scoped.stop(0);
            delete(dir);
        }
    }

    private static String[] withConfig(List<String> command, Path kubeconfig) {
        List<String> args = new ArrayList<>(command);
        args.add("--kubeconfig");
        args.add(kubeconfig.toString());
        return args.toArray(String[]::new);
    }

    private static HttpServer serve(boolean forbidClusterScoped) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/", exchange -> answer(exchange, forbidClusterScoped));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback for the training run", e);
        }
    }

    private static void answer(HttpExchange exchange, boolean forbidClusterScoped) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String resource = ANSWERS.get(path);
        int code = 200;
        byte[] body;
        if (forbidClusterScoped && path.startsWith("/apis/lxkns.io/")) {
            code = 403;
            body = status(403, "Forbidden").getBytes(StandardCharsets.UTF_8);
        } else if (resource == null) {
            code = 404;
            body = status(404, "NotFound").getBytes(StandardCharsets.UTF_8);
        } else if (resource.equals("report-list")) {
            body = ("{\"apiVersion\":\"openreports.io/v1alpha1\",\"kind\":\"ReportList\",\"metadata\":{},\"items\":["
                    + new String(read("report.json"), StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
        } else {
            body = read(resource);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String status(int code, String reason) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\""
                + reason + "\",\"message\":\"training\"}";
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = Training.class.getResourceAsStream(BASE + resource)) {
            if (in == null) {
                throw new IOException("no training resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static Path kubeconfig(Path file, HttpServer server) throws IOException {
        return Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: training",
                "  cluster:",
                "    server: http://127.0.0.1:" + server.getAddress().getPort(),
                "users:",
                "- name: training",
                "  user:",
                "    token: training",
                "contexts:",
                "- name: training",
                "  context:",
                "    cluster: training",
                "    user: training",
                "    namespace: shop",
                "current-context: training",
                ""));
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the archive
        }
    }
}
