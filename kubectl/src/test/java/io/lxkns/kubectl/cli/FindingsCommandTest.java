package io.lxkns.kubectl.cli;

import static io.lxkns.kubectl.testing.Tables.cells;
import static io.lxkns.kubectl.testing.Tables.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.ClusterNamespacesStatus.Finding;
import io.lxkns.kubectl.testing.Fixtures;
import io.lxkns.kubectl.testing.MockCluster;
import io.lxkns.kubectl.testing.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl lxkns findings} from ClusterNamespaces, by namespace as kubectl would pick it. */
@EnableKubernetesMockClient(crud = true)
class FindingsCommandTest {
    KubernetesMockServer server;
    KubernetesClient client;
    MockCluster cluster;

    @BeforeEach
    void cluster(@TempDir Path dir) {
        cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
    }

    @Test
    void theContextsNamespaceByDefault() {
        Run run = cluster.run("findings");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(cells(lines.get(0))).containsExactly("SEVERITY", "TYPE", "NODE", "POD", "NAMESPACE-ID", "MESSAGE");
        assertThat(lines.subList(1, lines.size())).extracting(line -> cells(line).get(3))
                .containsExactly("shop/web", "shop/db", "shop/web", "shop/tools", "shop/isolated"); // the operator's order
        assertThat(row(run.out(), "info       UserNamespaceIsolated")).containsExactly("info", "UserNamespaceIsolated",
                "n1", "shop/isolated", Fixtures.ISO_USER, Fixtures.ISO_OK.message());
    }

    @Test
    void anotherNamespaceAndAHostileMessage() {
        Run run = cluster.run("findings", "-n", "other");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(row(run.out(), "warning")).containsExactly("warning", "HostNamespaceUnexpected", "n1", "other/api",
                Fixtures.HOST.get("net"), "other/api is in the host's net namespace \\x1b]0;pwned\\x07 \\u{202e}ipa/rehto");
        assertThat(run.out()).doesNotContain("\u001b", "\u0007", "\u202e");
    }

    @Test
    void flagsBeforeTheCommandAsKubectlTakesThem() {
        Run run = cluster.run("-n", "other", "findings");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("other/api").doesNotContain("shop/");
    }

    @Test
    void allNamespacesIncludeTheNodesFindings() {
        Run run = cluster.run("findings", "-A");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).hasSize(8);
        assertThat(row(run.out(), "warning    LeakedNamespace")).isNotNull();
    }

    @Test
    void aContextWithoutANamespaceMeansDefault() {
        Run run = cluster.run("findings", "--context", MockCluster.BARE_CONTEXT);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("No findings in namespace default.\n");
    }

    @Test
    void jsonHasTheFullMessageTheTableCuts() throws Exception {
        String longMessage = "shop/web is in the host's pid namespace although hostPID is not true; " + "x".repeat(300);
        replaceFindings(List.of(new Finding("HostNamespaceUnexpected", "warning", "n1", "shop/web",
                Fixtures.HOST.get("pid"), longMessage)), 1);

        Run table = cluster.run("findings");
        Run json = cluster.run("findings", "-o", "json");

        String cell = row(table.out(), "warning").get(5);
        assertThat(cell).hasSize(100).endsWith("…").startsWith("shop/web is in the host's pid namespace");
        JsonNode view = new ObjectMapper().readTree(json.out());
        assertThat(view.path("source").asText()).isEqualTo("ClusterNamespaces");
        assertThat(view.path("namespace").asText()).isEqualTo("shop");
        assertThat(view.path("observedAt").asText()).isEqualTo(Fixtures.OBSERVED);
        assertThat(view.path("findingsTotal").asInt()).isEqualTo(1);
        assertThat(view.at("/findings/0/message").asText()).isEqualTo(longMessage);
        assertThat(view.at("/findings/0").fieldNames()).toIterable()
                .containsExactly("severity", "type", "node", "pod", "namespace", "message");
    }

    @Test
    void yamlKeepsAHostileMessageExactButEscaped() throws Exception {
        Run run = cluster.run("findings", "-A", "-o", "yaml");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("\u001b", "\u0007", "\u202e")
                .contains("message: \"other/api is in the host's net namespace \\e]0;pwned\\a \\u202eipa/rehto\"");
        JsonNode view = new YAMLMapper().readTree(run.out());
        assertThat(view.at("/findings/0/message").asText()).isEqualTo(Fixtures.HOSTILE_MESSAGE);
        assertThat(view.has("namespace")).isFalse();
        assertThat(view.at("/findings/2/type").asText()).isEqualTo("LeakedNamespace");
        assertThat(view.at("/findings/2").has("pod")).isFalse();
    }

    @Test
    void aBoundedListSaysHowManyItLeftOut() {
        List<Finding> listed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            listed.add(new Finding("NamespaceSharedAcrossPods", "warning", "n1", "shop/web", Fixtures.WEB_NET, "m" + i));
        }
        replaceFindings(listed, 250);

        Run run = cluster.run("findings");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEqualTo("note: the operator lists 3 of its 250 findings (its --max-findings); these are"
                + " the listed ones about namespace shop\n");
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        Run run = cluster.run("findings", "-o", "xml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Invalid value for option '--output': expected one of [table, json, yaml]")
                .endsWith("See 'kubectl lxkns findings --help' for usage.\n");
    }

    private void replaceFindings(List<Finding> findings, int total) {
        ClusterNamespaces stored = client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get();
        ClusterNamespacesStatus s = stored.getStatus();
        stored.setStatus(new ClusterNamespacesStatus(s.observedAt(), s.writer(), s.nodes(), s.namespacesByType(),
                s.podsObserved(), total, s.findingCounts(), findings, s.conditions()));
        client.resource(stored).updateStatus();
    }
}
