package io.lxkns.kubectl.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.testing.CrdSchema;
import io.lxkns.crds.testing.MockApi;
import io.lxkns.kubectl.cli.Plugin;
import io.lxkns.kubectl.openreports.Reports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster for the plugin on the fabric8 mock API server: the CRDs, objects written the way the
 * agent and operator write them (status through the status subresource), answers of 403 where a
 * namespace-scoped user would get them, and the plugin run in-process with a kubeconfig for it.
 */
public final class MockCluster {
    /** The kubeconfig's current context; its namespace is {@link #CONTEXT_NAMESPACE}. */
    public static final String CONTEXT = "mock";
    public static final String CONTEXT_NAMESPACE = "shop";
    /** A second context, without a namespace. */
    public static final String BARE_CONTEXT = "bare";

    private static final CrdSchema NODE_SCHEMA = CrdSchema.of("nodenamespaces.lxkns.io");
    private static final CrdSchema CLUSTER_SCHEMA = CrdSchema.of("clusternamespaces.lxkns.io");
    /** The published OpenReports Report CRD, as the project ships it (crds/openreports, with its licence). */
    public static final Path REPORT_CRD = Path.of("..", "crds", "openreports", "openreports.io_reports.yaml")
            .toAbsolutePath().normalize();
    private static final CrdSchema REPORT_SCHEMA = reportSchema();

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    public MockCluster(KubernetesMockServer server, KubernetesClient client, Path dir) {
        this.server = server;
        this.client = client;
        MockApi.installCrds(client);
        client.apiextensions().v1().customResourceDefinitions().resource(client.apiextensions().v1()
                .customResourceDefinitions().load(REPORT_CRD.toFile()).item()).create();
        this.kubeconfig = writeKubeconfig(dir.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
    }

    private static CrdSchema reportSchema() {
        if (!Files.isRegularFile(REPORT_CRD)) {
            throw new AssertionError("the OpenReports Report CRD is not at " + REPORT_CRD
                    + " (the tests run from the kubectl module of a checkout)");
        }
        return CrdSchema.ofFile(REPORT_CRD);
    }

    /** A kubeconfig for the mock server: context {@value #CONTEXT} (namespace shop) and {@value #BARE_CONTEXT}. */
    public static Path writeKubeconfig(Path file, String server) {
        String text = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + server,
                "    insecure-skip-tls-verify: true",
                "users:",
                "- name: tester",
                "  user:",
                "    token: test-token",
                "contexts:",
                "- name: " + CONTEXT,
                "  context:",
                "    cluster: mock",
                "    user: tester",
                "    namespace: " + CONTEXT_NAMESPACE,
                "- name: " + BARE_CONTEXT,
                "  context:",
                "    cluster: mock",
                "    user: tester",
                "current-context: " + CONTEXT,
                "");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public KubernetesClient client() {
        return client;
    }

    public Pod pod(Pod pod) {
        return client.pods().resource(pod).create();
    }

    /** As the agent does: the API server ignores a status on create, so it is written after. */
    public void nodeReport(NodeNamespaces report) {
        assertThat(NODE_SCHEMA.problems(report)).as("the fixture matches the NodeNamespaces CRD").isEmpty();
        writeWithStatus(report);
    }

    public void clusterReport(ClusterNamespaces cluster) {
        assertThat(CLUSTER_SCHEMA.problems(cluster)).as("the fixture matches the ClusterNamespaces CRD").isEmpty();
        writeWithStatus(cluster);
    }

    private <T extends CustomResource<Void, S>, S> void writeWithStatus(T resource) {
        S status = resource.getStatus();
        T created = client.resource(resource).create();
        created.setStatus(status);
        client.resource(created).updateStatus();
    }

    /** An OpenReports Report, as the operator writes one. */
    public void report(GenericKubernetesResource report) {
        assertThat(REPORT_SCHEMA.problems(report)).as("the fixture matches the OpenReports Report CRD").isEmpty();
        client.genericKubernetesResources(Reports.RESOURCE).inNamespace(report.getMetadata().getNamespace())
                .resource(report).create();
    }

    /** Answers 403 to every GET of {@code path}, as the API server does for a user without RBAC on it. */
    public void forbid(String path) {
        server.expect().get().withPath(path).andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403)
                .withReason("Forbidden").withMessage("forbidden: User \"team\" cannot get " + path).build()).always();
    }

    /** Runs the plugin with this cluster's kubeconfig (unless the arguments name one). */
    public Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--kubeconfig")) {
            all.add("--kubeconfig");
            all.add(kubeconfig.toString());
        }
        return runPlugin(all.toArray(String[]::new));
    }

    /** Runs the plugin in-process with exactly {@code args}. */
    public static Run runPlugin(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Plugin.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
