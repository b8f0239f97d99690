package io.lxkns.kubectl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.kubectl.testing.MockCluster;
import io.lxkns.kubectl.testing.Run;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig, its contexts and what the API server says about the connection. */
@EnableKubernetesMockClient(crud = true)
class ConnectionTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aKubeconfigThatDoesNotExist(@TempDir Path dir) {
        Run run = MockCluster.runPlugin("findings", "--kubeconfig", dir.resolve("none").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: no kubeconfig at " + dir.resolve("none") + "\n");
    }

    @Test
    void aKubeconfigThatIsNotOne(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage"), "clusters: [\n");
        Path empty = Files.writeString(dir.resolve("empty"), "apiVersion: v1\nkind: Config\ncurrent-context: \"\"\n");

        Run unparsable = MockCluster.runPlugin("findings", "--kubeconfig", garbage.toString());
        Run noContext = MockCluster.runPlugin("findings", "--kubeconfig", empty.toString());

        assertThat(unparsable.exitCode()).isEqualTo(1);
        assertThat(unparsable.err()).startsWith("error: cannot use the kubeconfig " + garbage + ": ").hasLineCount(1);
        assertThat(noContext.exitCode()).isEqualTo(1);
        assertThat(noContext.err()).isEqualTo("error: the kubeconfig has no current context: pass --context\n");
    }

    @Test
    void aContextTheKubeconfigLacks(@TempDir Path dir) {
        MockCluster cluster = new MockCluster(server, client, dir);

        Run run = cluster.run("findings", "--context", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: context \"nope\" does not exist in the kubeconfig\n");
    }

    @Test
    void anApiServerThatIsNotThere(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // free once closed: nothing listens there
        }
        Path kubeconfig = MockCluster.writeKubeconfig(dir.resolve("kubeconfig"), "https://127.0.0.1:" + port);

        Run run = MockCluster.runPlugin("findings", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot reach the API server at https://127.0.0.1:" + port
                + "/: connection refused\n");
    }

    @Test
    void credentialsTheApiServerDoesNotTake(@TempDir Path dir) {
        MockCluster cluster = new MockCluster(server, client, dir);
        server.expect().get().withPath("/apis/lxkns.io/v1alpha1/clusternamespaces/cluster")
                .andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized").build()).always();

        Run run = cluster.run("findings");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: the API server at " + client.getConfiguration().getMasterUrl()
                + " did not accept the credentials (401 Unauthorized): check the kubeconfig's user\n");
    }

    @Test
    void anApiServerErrorIsOneEscapedLine(@TempDir Path dir) {
        MockCluster cluster = new MockCluster(server, client, dir);
        server.expect().get().withPath("/apis/lxkns.io/v1alpha1/clusternamespaces/cluster")
                .andReturn(500, new StatusBuilder().withCode(500).withReason("InternalError")
                        .withMessage("etcd is \u001b[31mdown\nsecond line").build()).always();

        Run run = cluster.run("findings");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: cannot read ClusterNamespaces/cluster: the API server answered 500:"
                + " etcd is \\x1b[31mdown\\x0asecond line\n");
    }
}
