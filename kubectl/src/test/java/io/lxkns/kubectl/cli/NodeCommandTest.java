package io.lxkns.kubectl.cli;

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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl lxkns node}: the user-namespace tree of a node's report. */
@EnableKubernetesMockClient(crud = true)
class NodeCommandTest {
    static KubernetesMockServer server;
    static KubernetesClient client;
    static MockCluster cluster;

    @BeforeAll
    static void cluster(@TempDir Path dir) {
        cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
    }

    @Test
    void theTreeNestsUserNamespacesAndWhatTheyOwn() {
        Run run = cluster.run("node", "n1");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Node n1: observed " + Fixtures.OBSERVED + ", kernel 6.18.44, Ready=True,"
                + " Truncated=False, Engine-docker=False (NotRunning)");
        assertThat(lines.get(1)).isEqualTo("  Engine-docker: no docker socket");
        assertThat(lines.get(2)).isEmpty();
        assertThat(lines.get(3)).isEqualTo("user:[4026531837] (host)");
        // The host's own namespaces first, marked; then what the host's user namespace owns, by type and inode.
        assertThat(lines.subList(4, 11)).containsExactly("├─ net:[4026531840] (host)", "├─ pid:[4026531836] (host)",
                "├─ ipc:[4026531839] (host)", "├─ uts:[4026531838] (host)", "├─ mnt:[4026531841] (host)",
                "├─ cgroup:[4026531835] (host)", "├─ time:[4026531834] (host)");
        assertThat(lines).contains(
                "├─ net:[4026532301] (4 processes, leader 100 pause, pods shop/db shop/web,"
                        + " bind-mounted at /var/run/netns/cni-0b6a3c1e-1111-2222-3333-444455556666)",
                "├─ net:[4026532900] (0 processes, bind-mounted at /run/netns/cni-leaked"
                        + " /run/netns/other-view@mnt:[4026532305], found via bindmount)",
                "├─ mnt:[4026532305] (1 process, leader 101 nginx, pod shop/web)");
        // The pod's user namespace is a child of the host's, and owns the pod's other namespaces;
        // a user namespace inside it nests one level deeper.
        int child = lines.indexOf("└─ user:[4026532500] (2 processes, leader 300 sleep, pod shop/isolated)");
        assertThat(child).as(run.out()).isPositive();
        assertThat(lines.subList(child + 1, lines.size())).containsExactly(
                "   ├─ net:[4026532501] (2 processes, leader 300 sleep, pod shop/isolated)",
                "   ├─ pid:[4026532502] (2 processes, leader 300 sleep, pod shop/isolated)",
                "   ├─ ipc:[4026532503] (2 processes, leader 300 sleep, pod shop/isolated)",
                "   └─ user:[4026532510] (1 process, leader 310 unshare, pod shop/isolated)",
                "      └─ net:[4026532511] (1 process, leader 310 unshare, pod shop/isolated)");
        assertThat(run.out()).doesNotContain("owner not in the report");
    }

    @Test
    void aHostileCommIsEscaped() {
        Run run = cluster.run("node", "n1");

        assertThat(run.out()).doesNotContain("\u001b")
                .contains("├─ mnt:[4026532601] (1 process, leader 400 \\x1b[31mevil, pod other/api)");
    }

    @Test
    void jsonNestsTheSameTree() throws Exception {
        Run run = cluster.run("node", "n1", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode node = new ObjectMapper().readTree(run.out());
        assertThat(node.path("node").asText()).isEqualTo("n1");
        assertThat(node.path("kernel").asText()).isEqualTo("6.18.44");
        assertThat(node.path("conditions")).extracting(c -> c.path("type").asText() + "=" + c.path("status").asText())
                .containsExactly("Ready=True", "Truncated=False", "Engine-docker=False");
        assertThat(node.at("/initialNamespaces/user").asText()).isEqualTo(Fixtures.HOST.get("user"));
        assertThat(node.path("tree")).hasSize(1);
        JsonNode root = node.at("/tree/0");
        assertThat(root.path("id").asText()).isEqualTo(Fixtures.HOST.get("user"));
        assertThat(root.path("host").asBoolean()).isTrue();
        JsonNode podUser = child(root, Fixtures.ISO_USER);
        assertThat(podUser.path("leader").toString()).isEqualTo("{\"pid\":300,\"comm\":\"sleep\"}");
        assertThat(podUser.path("pods").toString()).isEqualTo("[\"shop/isolated\"]");
        JsonNode nested = child(podUser, Fixtures.ISO_NESTED_USER);
        assertThat(child(nested, Fixtures.ISO_NESTED_NET).path("children")).isEmpty();
        JsonNode leaked = child(root, Fixtures.LEAKED);
        assertThat(leaked.path("sources").toString()).isEqualTo("[\"bindmount\"]");
        assertThat(leaked.path("bindMounts").toString()).isEqualTo("[{\"path\":\"/run/netns/cni-leaked\"},"
                + "{\"path\":\"/run/netns/other-view\",\"mountNamespace\":\"mnt:[4026532305]\"}]");
        assertThat(child(root, Fixtures.API_MNT).at("/leader/comm").asText()).isEqualTo(Fixtures.HOSTILE_COMM);
        assertThat(node.path("ownerNotReported")).isEmpty();
        assertThat(run.out()).doesNotContain("\u001b").contains("\\u001B[31mevil");
    }

    @Test
    void yamlIsTheSameObjectAndEscapesTheComm() throws Exception {
        Run json = cluster.run("node", "n1", "-o", "json");
        Run yaml = cluster.run("node", "n1", "-o", "yaml");

        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(new ObjectMapper().readTree(json.out()));
        assertThat(yaml.out()).doesNotContain("\u001b").contains("comm: \"\\e[31mevil\"");
    }

    @Test
    void aNodeWithoutAReport() {
        Run run = cluster.run("node", "n2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: node n2 has no NodeNamespaces (yet): is the lxkns agent running on it?"
                + " ('kubectl get nodenamespaces' lists the nodes that have reported)\n");
    }

    @Test
    void aNodeNameIsRequired() {
        Run run = cluster.run("node");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Missing required parameter: 'NODE'\n")
                .endsWith("See 'kubectl lxkns node --help' for usage.\n");
    }

    private static JsonNode child(JsonNode parent, String id) {
        return StreamSupport.stream(parent.path("children").spliterator(), false)
                .filter(c -> c.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not below " + parent.path("id").asText()));
    }
}
