package io.lxkns.kubectl.cli;

import static io.lxkns.kubectl.testing.Tables.row;
import static io.lxkns.kubectl.testing.Tables.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.kubectl.testing.Fixtures;
import io.lxkns.kubectl.testing.MockCluster;
import io.lxkns.kubectl.testing.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl lxkns pid}: exact matches on containers' init PIDs and namespace leaders, nothing else. */
@EnableKubernetesMockClient(crud = true)
class PidCommandTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static MockCluster cluster;

    @BeforeAll
    static void cluster(@TempDir Path dir) {
        cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
    }

    @Test
    void aContainersInitProcessThatAlsoLeadsANamespace() {
        Run run = cluster.run("pid", "n1", "101");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("PID 101 on node n1 (report observed " + Fixtures.OBSERVED + "):\n")
                .endsWith("The report lists containers' init processes and namespace leaders only; the PID may have"
                        + " been reused since.\n");
        assertThat(row(run.out(), "container init")).containsExactly("container init", "shop/web", "app", "cri",
                "aa11bb22cc33", "-", "-");
        assertThat(row(run.out(), "namespace leader")).containsExactly("namespace leader", "shop/web", "-", "-", "-",
                Fixtures.WEB_MNT_APP, "nginx");
    }

    @Test
    void aSandboxLeadsThePodsSharedNamespaces() {
        Run run = cluster.run("pid", "n1", "100");

        assertThat(row(run.out(), "sandbox init")).containsExactly("sandbox init", "shop/web", "(sandbox)", "cri",
                "41d7a0c4e5f6", "-", "-");
        List<List<String>> leads = rows(run.out(), "namespace leader");
        assertThat(leads).extracting(cells -> cells.get(5))
                .containsExactly(Fixtures.WEB_NET, Fixtures.WEB_IPC, Fixtures.WEB_UTS, Fixtures.WEB_MNT_SANDBOX);
        assertThat(leads.get(0).get(1)).isEqualTo("shop/db +1");
    }

    @Test
    void jsonAndYaml() throws Exception {
        Run json = cluster.run("pid", "n1", "101", "-o", "json");
        Run yaml = cluster.run("pid", "n1", "101", "-o", "yaml");

        JsonNode view = new ObjectMapper().readTree(json.out());
        assertThat(view.path("node").asText()).isEqualTo("n1");
        assertThat(view.path("pid").asInt()).isEqualTo(101);
        assertThat(view.path("containers")).hasSize(1);
        assertThat(view.at("/containers/0/pod").asText()).isEqualTo("shop/web");
        assertThat(view.at("/containers/0/podUid").asText()).isEqualTo(Fixtures.uid("shop", "web"));
        assertThat(view.at("/containers/0/container").asText()).isEqualTo("app");
        assertThat(view.at("/containers/0/containerId").asText()).isEqualTo("aa11bb22cc33dd44");
        assertThat(view.at("/leaderOf/0/namespace").asText()).isEqualTo(Fixtures.WEB_MNT_APP);
        assertThat(view.at("/leaderOf/0/type").asText()).isEqualTo("mnt");
        assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(view);
    }

    @Test
    void aHostileCommIsEscaped() {
        Run run = cluster.run("pid", "n1", "400");

        assertThat(row(run.out(), "namespace leader")).containsExactly("namespace leader", "other/api", "-", "-", "-",
                Fixtures.API_MNT, "\\x1b[31mevil");
        assertThat(run.out()).doesNotContain("\u001b");
    }

    @Test
    void aPidTheReportDoesNotList() {
        Run run = cluster.run("pid", "n1", "4242");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: node n1's report (observed " + Fixtures.OBSERVED + ") does not list PID"
                + " 4242: it names containers' init processes and namespace leaders only, not every process"
                + " ('lxkns tree --pid' in the node's lxkns agent pod shows them all)\n");
    }

    @Test
    void aPidIsAPositiveNumber() {
        for (String pid : List.of("abc", "0", "-5", "99999999999")) {
            Run run = cluster.run("pid", "n1", pid);

            assertThat(run.exitCode()).as(pid).isEqualTo(2);
            assertThat(run.err()).as(pid).contains("PID must be a positive number")
                    .endsWith("See 'kubectl lxkns pid --help' for usage.\n");
        }
        assertThat(cluster.run("pid", "n1").exitCode()).isEqualTo(2);
    }

    @Test
    void aNodeWithoutAReport() {
        Run run = cluster.run("pid", "n2", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: node n2 has no NodeNamespaces (yet)");
    }
}
