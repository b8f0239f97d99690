package io.lxkns.kubectl.cli;

import static io.lxkns.kubectl.testing.Tables.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.openreports.Reports;
import io.lxkns.kubectl.testing.Fixtures;
import io.lxkns.kubectl.testing.MockCluster;
import io.lxkns.kubectl.testing.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace-scoped user: the API server answers 403 for the cluster-scoped lxkns objects, and the
 * commands use the namespace's OpenReports Report instead, saying so in one line on stderr. Also what
 * happens when that is not there either, or the operator is not running.
 */
@EnableKubernetesMockClient(crud = true)
class FallbackTest {
    static final String NODE_PATH = "/apis/lxkns.io/v1alpha1/nodenamespaces/n1";
    static final String CLUSTER_PATH = "/apis/lxkns.io/v1alpha1/clusternamespaces/cluster";

    KubernetesMockServer server;
    KubernetesClient client;
    MockCluster cluster;

    @BeforeEach
    void cluster(@TempDir Path dir) {
        cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
    }

    private void namespaceScoped() {
        cluster.forbid(NODE_PATH);
        cluster.forbid(CLUSTER_PATH);
    }

    @Test
    void podFromTheReport() {
        namespaceScoped();

        Run run = cluster.run("pod", "web");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("note: cannot read NodeNamespaces/n1 and ClusterNamespaces/cluster (forbidden);"
                + " showing Report lxkns in namespace shop instead\n");
        String out = run.out();
        assertThat(out).startsWith("Pod shop/web on node n1 (uid " + Fixtures.uid("shop", "web")
                + "), from the Report lxkns of its namespace: the pod's own namespaces, no containers\n");
        assertThat(row(out, "hostPID")).containsExactly("hostPID", "unset (false)", "the host's pid namespace", "NO");
        assertThat(row(out, "hostNetwork")).containsExactly("hostNetwork", "unset (false)",
                "own net namespace, shared with shop/db", "yes");
        assertThat(row(out, "shareProcessNamespace")).contains("cannot tell from the Report");
        assertThat(row(out, "(pod)")).containsExactly("(pod)", "-", "-", "4026532301 shared with shop/db", "host",
                "4026532302", "4026532303", "host", "4026532304", "host", "host");
        assertThat(out).doesNotContain("SANDBOX")
                .contains("warning    HostNamespaceUnexpected     pid:[4026531836]   " + Fixtures.WEB_HOST_PID.message())
                .contains("warning    NamespaceSharedAcrossPods   net:[4026532301]   " + Fixtures.WEB_SHARED.message());
    }

    @Test
    void podFromTheReportAsJson() throws Exception {
        namespaceScoped();

        Run run = cluster.run("pod", "isolated", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode pod = new ObjectMapper().readTree(run.out());
        assertThat(pod.path("source").asText()).isEqualTo("Report");
        assertThat(pod.has("observedAt")).isFalse();
        assertThat(pod.path("containers")).isEmpty();
        assertThat(pod.has("sandbox")).isFalse();
        assertThat(pod.at("/namespaces/user/id").asText()).isEqualTo(Fixtures.ISO_USER);
        assertThat(pod.at("/namespaces/uts/host").asBoolean()).isTrue();
        assertThat(pod.at("/namespaces/uts").has("id")).as("a Report says only 'host'").isFalse();
        assertThat(pod.at("/observed/hostUsers").asBoolean()).isFalse();
        assertThat(pod.at("/observed").has("shareProcessNamespace")).isFalse();
        // Its results are passes (PodIsolation, UserNamespaceIsolated): no findings.
        assertThat(pod.path("findings")).isEmpty();
    }

    @Test
    void onlyClusterNamespacesForbidden() {
        cluster.forbid(CLUSTER_PATH);

        Run run = cluster.run("pod", "web");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("note: cannot read ClusterNamespaces/cluster (forbidden); the pod's findings"
                + " are from Report lxkns in namespace shop\n");
        assertThat(run.out()).contains("as its agent saw it").contains("(sandbox)")
                .contains(Fixtures.WEB_HOST_PID.message());
    }

    @Test
    void findingsOfTheNamespaceFromItsReport() {
        namespaceScoped();

        Run run = cluster.run("findings");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("note: cannot read ClusterNamespaces/cluster (forbidden); showing Report lxkns"
                + " in namespace shop instead\n");
        assertThat(run.out().lines()).hasSize(5); // the header and four findings, no pass
        // A warn result is an info finding; UserNamespaceIsolated is a pass in a Report, so not listed.
        assertThat(row(run.out(), "info")).containsExactly("info", "HostNamespaceRequested", "n1", "shop/tools",
                Fixtures.HOST.get("net"), Fixtures.TOOLS_HOST_NET.message());
        assertThat(run.out()).doesNotContain("PodIsolation", "UserNamespaceIsolated", "other/api");
    }

    @Test
    void findingsOfAllNamespacesFromTheirReports() throws Exception {
        namespaceScoped();

        Run run = cluster.run("findings", "-A", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("note: cannot read ClusterNamespaces/cluster (forbidden); showing the lxkns"
                + " Reports of all namespaces (2) instead\n");
        JsonNode view = new ObjectMapper().readTree(run.out());
        assertThat(view.path("source").asText()).isEqualTo("Report");
        assertThat(view.has("namespace")).isFalse();
        assertThat(view.path("findings")).extracting(f -> f.path("pod").asText())
                .containsExactly("other/api", "shop/web", "shop/db", "shop/web", "shop/tools");
        assertThat(view.at("/findings/0/message").asText()).isEqualTo(Fixtures.HOSTILE_MESSAGE);
    }

    @Test
    void theReportForbiddenToo() {
        namespaceScoped();
        cluster.forbid("/apis/openreports.io/v1alpha1/namespaces/shop/reports/lxkns");

        Run pod = cluster.run("pod", "web");
        Run findings = cluster.run("findings");

        assertThat(pod.exitCode()).isEqualTo(1);
        assertThat(pod.err()).isEqualTo("error: cannot read NodeNamespaces/n1 (forbidden), nor Report lxkns in namespace"
                + " shop (forbidden; see docs/kubectl.md for the RBAC)\n");
        assertThat(findings.exitCode()).isEqualTo(1);
        assertThat(findings.err()).isEqualTo("error: forbidden: cannot read ClusterNamespaces/cluster nor Report lxkns"
                + " in namespace shop; see docs/kubectl.md for the RBAC\n");
    }

    @Test
    void listingReportsAcrossNamespacesForbidden() {
        namespaceScoped();
        cluster.forbid("/apis/openreports.io/v1alpha1/reports?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dlxkns&limit=250");

        Run run = cluster.run("findings", "-A");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: forbidden: ").contains("nor list Reports in all namespaces")
                .contains("-n NAMESPACE").hasLineCount(1);
    }

    @Test
    void aNamespaceWithoutAReport() {
        namespaceScoped();

        Run run = cluster.run("findings", "-n", "empty");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot read ClusterNamespaces/cluster (forbidden), and namespace empty"
                + " has no Report lxkns (does the lxkns operator write Reports?)\n");
    }

    @Test
    void aPodNotInTheReportYet() {
        namespaceScoped();

        Run run = cluster.run("pod", "late");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).endsWith("error: pod shop/late is not (yet) in Report lxkns in namespace shop: the operator"
                + " adds a pod once its node has reported it\n");
    }

    @Test
    void aFullReportSaysWhatItLeftOut() {
        namespaceScoped();
        var report = client.genericKubernetesResources(Reports.RESOURCE).inNamespace("shop").withName(PolicyReports.NAME);
        report.edit(r -> {
            r.getMetadata().setAnnotations(Map.of(PolicyReports.OMITTED, "17"));
            return r;
        });

        Run pod = cluster.run("pod", "late");
        Run findings = cluster.run("findings");

        assertThat(pod.err()).endsWith("error: pod shop/late is not (yet) in Report lxkns in namespace shop, which left"
                + " out 17 results (it holds at most 400, failures first)\n");
        assertThat(findings.exitCode()).isZero();
        assertThat(findings.err()).isEqualTo("note: cannot read ClusterNamespaces/cluster (forbidden); showing Report"
                + " lxkns in namespace shop instead (17 results left out of full Reports: lxkns.io/omitted-results)\n");
    }

    @Test
    void nodeAndPidNeedTheClusterScopedObject() {
        namespaceScoped();

        for (Run run : new Run[] {cluster.run("node", "n1"), cluster.run("pid", "n1", "101")}) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: forbidden: cannot read NodeNamespaces/n1 (cluster-scoped")
                    .contains("'kubectl lxkns pod NAME'").hasLineCount(1);
        }
    }

    @Test
    void withoutTheOperatorThePodsFindingsAreMissingAndSaySo() {
        client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).delete();

        Run run = cluster.run("pod", "web", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEqualTo("note: no ClusterNamespaces/cluster (is the lxkns operator running?);"
                + " the pod's findings are not shown\n");
        assertThat(run.out()).doesNotContain("\"findings\"");
        assertThat(cluster.run("pod", "web").out()).contains("Findings: not available (stderr says why).");
        Run findings = cluster.run("findings");
        assertThat(findings.exitCode()).isEqualTo(1);
        assertThat(findings.err()).isEqualTo("error: no ClusterNamespaces/cluster: is the lxkns operator running?\n");
    }

    @Test
    void theReportContractMatchesTheCrd() {
        // The fixtures were validated against the OpenReports CRD when written (MockCluster.report);
        // this names the contract's constants the plugin relies on.
        assertThat(Reports.RESOURCE.getPlural()).isEqualTo("reports");
        assertThat(Reports.RESOURCE.isNamespaceScoped()).isTrue();
        assertThat(client.genericKubernetesResources(Reports.RESOURCE).inNamespace("shop").withName(PolicyReports.NAME).get()
                .getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", PolicyReports.NAME);
    }
}
