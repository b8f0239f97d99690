package io.lxkns.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.lxkns.crds.testing.MockApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The fabric8 mock API server in CRUD mode as a real HTTPS server, with lxkns's CRDs installed and a
 * kubeconfig that the agent and operator processes take through {@code KUBECONFIG}.
 */
final class ApiServer implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    ApiServer(Path dir) throws IOException {
        // CRUD, and the expectations below before it (as the JUnit extension's crud mode does).
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), true);
        server.init();
        client = server.createClient();
        MockApi.answerLeaseRulesReviews(server);
        MockApi.installCrds(client);
        for (String file : List.of("openreports.io_reports.yaml", "openreports.io_clusterreports.yaml")) {
            client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1()
                    .customResourceDefinitions().load(Path.of("..", "crds", "openreports", file).toFile()).item()).create();
        }
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: box
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: box
                  user:
                    token: box
                contexts:
                - name: box
                  context:
                    cluster: box
                    user: box
                current-context: box
                """.formatted(client.getMasterUrl().toString().replaceAll("/$", "")));
    }

    KubernetesClient client() {
        return client;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
