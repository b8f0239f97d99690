package io.lxkns.kubectl.cli;

import static io.lxkns.kubectl.testing.Tables.row;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl lxkns pod} against the fixture cluster, as a user who may read everything. */
@EnableKubernetesMockClient(crud = true)
class PodCommandTest {
    // One cluster for the class: no test here changes it.
    static KubernetesMockServer server;
    static KubernetesClient client;
    static MockCluster cluster;

    @BeforeAll
    static void cluster(@TempDir Path dir) {
        cluster = new MockCluster(server, client, dir);
        Fixtures.install(cluster);
    }

    @Test
    void tableShowsEachContainersNamespacesAgainstTheSpec() {
        Run run = cluster.run("pod", "web"); // -n from the context: shop

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        String out = run.out();
        assertThat(out).startsWith("Pod shop/web on node n1 (uid " + Fixtures.uid("shop", "web")
                + "), as its agent saw it at " + Fixtures.OBSERVED + "\n");
        assertThat(row(out, "hostNetwork")).containsExactly("hostNetwork", "unset (false)",
                "own net namespace, shared with shop/db", "yes");
        assertThat(row(out, "hostPID")).containsExactly("hostPID", "unset (false)", "the host's pid namespace", "NO");
        assertThat(row(out, "hostUsers")).containsExactly("hostUsers", "unset (true)", "the host's user namespace", "yes");
        // All containers are in the host's PID namespace: the flag says nothing then.
        assertThat(row(out, "shareProcessNamespace")).containsExactly("shareProcessNamespace", "unset (false)",
                "one pid namespace for the pod's containers", "-");

        assertThat(row(out, "CONTAINER")).containsExactly("CONTAINER", "ENGINE", "PID", "NET", "PID", "IPC", "UTS",
                "USER", "MNT", "CGROUP", "TIME");
        assertThat(row(out, "(sandbox)")).containsExactly("(sandbox)", "cri", "100", "4026532301 shared with shop/db",
                "host", "4026532302", "4026532303", "host", "4026532304", "host", "host");
        assertThat(row(out, "app")).containsExactly("app", "cri", "101", "4026532301 shared with shop/db", "host",
                "4026532302", "4026532303", "host", "4026532305", "host", "host");
        assertThat(row(out, "sidecar")).contains("102", "4026532306");
        assertThat(out.indexOf("(sandbox)")).as("the sandbox first").isLessThan(out.indexOf("\napp "));

        assertThat(row(out, "41d7a0c4e5f6")).containsExactly("41d7a0c4e5f6", "containerd 1.7.20", "ready", "pod",
                "container", "pod", "node", "/var/run/netns/cni-0b6a3c1e-1111-2222-3333-444455556666", "-");

        assertThat(out).contains("Findings:\n");
        assertThat(out).contains("warning    HostNamespaceUnexpected     pid:[4026531836]   "
                + Fixtures.WEB_HOST_PID.message() + "\n");
        assertThat(out).contains("warning    NamespaceSharedAcrossPods   net:[4026532301]   "
                + Fixtures.WEB_SHARED.message() + "\n");
        assertThat(out).doesNotContain(Fixtures.DB_SHARED.message()); // another pod's
    }

    @Test
    void aPodInItsOwnUserNamespaceShowsItsUidMap() {
        Run run = cluster.run("pod", "isolated");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(row(run.out(), "hostUsers")).containsExactly("hostUsers", "false", "own user namespace", "yes");
        assertThat(row(run.out(), "shareProcessNamespace")).containsExactly("shareProcessNamespace", "unset (false)",
                "cannot tell from the node's report", "-");
        assertThat(row(run.out(), "app")).containsExactly("app", "containerd", "300", "4026532501", "4026532502",
                "4026532503", "host", "4026532500", "host", "host", "host");
        assertThat(row(run.out(), "150000000000")).endsWith("pod", "-", "0:100000:65536");
        assertThat(run.out()).contains("info       UserNamespaceIsolated   user:[4026532500]");
    }

    @Test
    void jsonIsTheDocumentedObject() throws Exception {
        Run run = cluster.run("pod", "web", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode pod = new ObjectMapper().readTree(run.out());
        assertThat(pod.path("pod").asText()).isEqualTo("shop/web");
        assertThat(pod.path("uid").asText()).isEqualTo(Fixtures.uid("shop", "web"));
        assertThat(pod.path("node").asText()).isEqualTo("n1");
        assertThat(pod.path("source").asText()).isEqualTo("NodeNamespaces");
        assertThat(pod.path("observedAt").asText()).isEqualTo(Fixtures.OBSERVED);
        assertThat(pod.path("spec").size()).as("all flags unset").isZero();
        assertThat(pod.at("/observed/hostPID").asBoolean()).isTrue();
        assertThat(pod.at("/observed/hostNetwork").asBoolean()).isFalse();
        assertThat(pod.at("/namespaces/pid/host").asBoolean()).isTrue();
        assertThat(pod.at("/namespaces/pid/id").asText()).isEqualTo(Fixtures.HOST.get("pid"));
        assertThat(pod.at("/namespaces/net/id").asText()).isEqualTo(Fixtures.WEB_NET);
        assertThat(pod.at("/namespaces/net/sharedWith").toString()).isEqualTo("[\"shop/db\"]");
        assertThat(pod.path("containers")).hasSize(3);
        assertThat(pod.at("/containers/0/name").asText()).isEqualTo("POD");
        assertThat(pod.at("/containers/0/sandbox").asBoolean()).isTrue();
        assertThat(pod.at("/containers/1/pid").asInt()).isEqualTo(101);
        assertThat(pod.at("/containers/1/engine").asText()).isEqualTo("cri");
        assertThat(pod.at("/containers/1/namespaces/mnt/id").asText()).isEqualTo(Fixtures.WEB_MNT_APP);
        assertThat(pod.at("/sandbox/runtime").asText()).isEqualTo("containerd 1.7.20");
        assertThat(pod.at("/sandbox/modes/pid").asText()).isEqualTo("container");
        assertThat(pod.path("findings")).extracting(f -> f.path("type").asText())
                .containsExactly("HostNamespaceUnexpected", "NamespaceSharedAcrossPods");
        assertThat(pod.at("/findings/0/message").asText()).isEqualTo(Fixtures.WEB_HOST_PID.message());
    }

    @Test
    void yamlIsTheSameObject() throws Exception {
        Run json = cluster.run("pod", "web", "-o", "json");
        Run yaml = cluster.run("pod", "web", "-o", "yaml");

        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).startsWith("pod: shop/web\n").doesNotStartWith("---");
        assertThat(new YAMLMapper().readTree(yaml.out())).isEqualTo(new ObjectMapper().readTree(json.out()));
    }

    @Test
    void setFlagsAreShownAsSet() {
        Run run = cluster.run("pod", "db");

        assertThat(row(run.out(), "hostIPC")).containsExactly("hostIPC", "false", "own ipc namespace", "yes");
        assertThat(row(run.out(), "app")).containsExactly("app", "containerd", "200", "4026532301 shared with shop/web",
                "4026532404", "4026532402", "4026532403", "host", "4026532405", "host", "host");
    }

    @Test
    void aHostileFindingMessageIsEscaped() {
        Run run = cluster.run("pod", "api", "-n", "other");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("\u001b", "\u0007", "\u202e")
                .contains("\\x1b]0;pwned\\x07 \\u{202e}ipa/rehto");
        assertThat(row(run.out(), "hostNetwork")).containsExactly("hostNetwork", "unset (false)",
                "the host's net namespace", "NO");
    }

    @Test
    void aPodThatDoesNotExist() {
        Run run = cluster.run("pod", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: pod \"nope\" not found in namespace shop\n");
    }

    @Test
    void aPodNotScheduledYet() {
        Run run = cluster.run("pod", "pending");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: pod shop/pending is not scheduled on a node yet\n");
    }

    @Test
    void aNodeWithoutNodeNamespaces() {
        Run run = cluster.run("pod", "elsewhere");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: node n2 has no NodeNamespaces (yet): is the lxkns agent running on it?")
                .hasLineCount(1);
    }

    @Test
    void aPodNotInItsNodesReportYet() {
        Run run = cluster.run("pod", "late");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: pod shop/late is not (yet) in node n1's report (observed "
                + Fixtures.OBSERVED + "): its agent writes a new one within about a minute of a change\n");
    }
}
