package io.lxkns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.lxkns.agent.engines.PrivateContainerd;
import io.lxkns.agent.engines.PrivateDocker;
import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.Conditions;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A cluster in a box: the mock API server over HTTPS, the built agent and operator jars as processes
 * (the operator with leader election), and pods planted on a private Docker as cri-dockerd plants
 * them, with their Pod objects. What is asserted is what a platform team would check with kubectl.
 */
class ClusterInABoxIT {
    private static final String NODE = "box-node";
    private static final String QUIET_NODE = "quiet-node";
    private static final String NS = "shop";
    /** The promise: from agent start, a first report that already carries the pods. */
    private static final Duration FIRST_REPORT = Duration.ofSeconds(20);
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private final List<Daemon> daemons = new ArrayList<>();

    @Test
    void fromAgentStartToFindingsEventsStalenessAndGarbageCollection() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/e2e").toAbsolutePath());
        try (PrivateContainerd containerd = new PrivateContainerd("e2e-containerd");
                PrivateDocker docker = new PrivateDocker("e2e-docker", containerd);
                ApiServer api = new ApiServer(dir)) {
            KubernetesClient client = api.client();
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
            // A node whose agent never reports.
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(QUIET_NODE).endMetadata().build()).create();
            // web: an ordinary pod. twin: its sandbox joined web's network namespace. hostnet: in the
            // node's network namespace, though its spec does not ask for hostNetwork.
            Pod web = plant(client, docker, "web", null);
            plant(client, docker, "twin", "container:" + sandboxName(web));
            plant(client, docker, "hostnet", "host");

            String[] agentArgs = {"agent", "--node-name=" + NODE, "--no-engine-autodetect",
                    "--docker-socket=" + docker.socket(), "--containerd-socket=" + containerd.socket(),
                    "--interval=2s", "--min-write-interval=1s", "--refresh=4s",
                    "--listen=127.0.0.1:0", "--api-listen=127.0.0.1:0"};
            long start = System.nanoTime();
            Daemon agent = start(new Daemon("agent", "lxkns.agent.jar", api.kubeconfig(), dir, agentArgs));
            NodeNamespacesStatus first = await("the first NodeNamespaces with a status", FIRST_REPORT, () -> {
                NodeNamespaces object = client.resources(NodeNamespaces.class).withName(NODE).get();
                return object == null ? null : object.getStatus();
            });
            Duration firstReport = Duration.ofNanos(System.nanoTime() - start);
            assertThat(first.summary().pods()).as("the first report already carries the planted pods").isEqualTo(3);
            assertThat(first.conditions()).filteredOn(c -> c.getType().equals(Conditions.ENGINE_PREFIX + "docker"))
                    .singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));

            start(new Daemon("operator", "lxkns.operator.jar", api.kubeconfig(), dir,
                    "--identity=box-operator", "--lease-namespace=lxkns", "--listen=127.0.0.1:0",
                    "--stale-after=10s", "--resync=2s"));
            Set<String> planted = Set.of(
                    Findings.SHARED_ACROSS_PODS + " " + NS + "/web",
                    Findings.SHARED_ACROSS_PODS + " " + NS + "/twin",
                    Findings.HOST_NAMESPACE_UNEXPECTED + " " + NS + "/hostnet");
            awaitPodFindings(client, "every finding the planted pods justify, and no other", planted);
            assertThat(findingsOfType(client, Findings.MISSING_NODE)).containsExactly(QUIET_NODE);
            assertThat(findingsOfType(client, Findings.STALE_NODE)).isEmpty();
            await("one Event per pod and finding", CONVERGE, () -> eventCounts(client).keySet().equals(planted) ? true : null);
            await("the namespace's OpenReports Report with a failure per finding", CONVERGE,
                    () -> reportFailures(client).equals(planted) ? true : null);

            // A rollout: the agent restarts. Its first report must not blank the node, not for a moment.
            agent.stop();
            String before = client.resources(NodeNamespaces.class).withName(NODE).get().getStatus().observedAt();
            agent = start(new Daemon("agent-restarted", "lxkns.agent.jar", api.kubeconfig(), dir, agentArgs));
            long restartDeadline = System.nanoTime() + FIRST_REPORT.toNanos();
            boolean rewritten = false;
            while (!rewritten && System.nanoTime() < restartDeadline) {
                assertThat(podFindings(client)).as("the pod findings through the restart").isEqualTo(planted);
                rewritten = !before.equals(client.resources(NodeNamespaces.class).withName(NODE).get().getStatus().observedAt());
                Thread.sleep(50);
            }
            assertThat(rewritten).as("the restarted agent wrote within %s", FIRST_REPORT).isTrue();
            Thread.sleep(3_000); // two of the operator's resyncs after that write
            assertThat(podFindings(client)).as("the pod findings after the restart").isEqualTo(planted);

            // The twin goes away, on the node and in the API: its sharing findings go with it.
            docker.docker("rm", "-f", "k8s_app_twin_" + NS + "_" + uid(client, "twin") + "_0",
                    "k8s_POD_twin_" + NS + "_" + uid(client, "twin") + "_0");
            client.pods().inNamespace(NS).withName("twin").delete();
            awaitPodFindings(client, "the sharing findings gone with the twin",
                    Set.of(Findings.HOST_NAMESPACE_UNEXPECTED + " " + NS + "/hostnet"));
            await("the Report without the twin's failures", CONVERGE, () -> reportFailures(client)
                    .equals(Set.of(Findings.HOST_NAMESPACE_UNEXPECTED + " " + NS + "/hostnet")) ? true : null);
            assertThat(eventCounts(client)).as("never an Event twice, across many reconciles")
                    .containsOnlyKeys(planted).allSatisfy((key, count) -> assertThat(count).as(key).isOne());

            // The agent stops: its node turns stale once its report is older than --stale-after.
            agent.stop();
            await("StaleNode for " + NODE, CONVERGE, () -> findingsOfType(client, Findings.STALE_NODE).contains(NODE)
                    ? true : null);

            // The Node goes: its NodeNamespaces is garbage-collected.
            client.nodes().withName(NODE).delete();
            await("NodeNamespaces/" + NODE + " deleted with its Node", CONVERGE,
                    () -> client.resources(NodeNamespaces.class).withName(NODE).get() == null ? true : null);

            System.out.printf("agent start -> first complete report: %d ms%n", firstReport.toMillis());
        } catch (AssertionError | RuntimeException e) {
            daemons.forEach(d -> System.out.println(d.tail()));
            throw e;
        } finally {
            for (Daemon daemon : daemons) {
                daemon.stop();
            }
        }
    }

    private Daemon start(Daemon daemon) {
        daemons.add(daemon);
        return daemon;
    }

    /** A Pod on {@link #NODE} and its sandbox and app container, labelled and joined as cri-dockerd does. */
    private static Pod plant(KubernetesClient client, PrivateDocker docker, String name, String sandboxNet) {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("app").withImage("busybox").endContainer()
                .endSpec().build()).create();
        String sandbox = sandboxName(pod);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", sandbox, "--ipc", "shareable"));
        if (sandboxNet != null) {
            run.addAll(List.of("--net", sandboxNet));
        }
        run.addAll(labels(pod, "POD", "podsandbox"));
        run.addAll(List.of(PrivateDocker.IMAGE, "/bin/sleep", "600"));
        docker.docker(run.toArray(String[]::new));
        // The app joins the sandbox's net and ipc namespaces, not its uts: cri-dockerd's way.
        List<String> app = new ArrayList<>(List.of("run", "-d", "--name",
                "k8s_app_" + name + "_" + NS + "_" + pod.getMetadata().getUid() + "_0",
                "--net", "container:" + sandbox, "--ipc", "container:" + sandbox));
        app.addAll(labels(pod, "app", "container"));
        app.addAll(List.of(PrivateDocker.IMAGE, "/bin/sleep", "600"));
        docker.docker(app.toArray(String[]::new));
        return pod;
    }

    private static String sandboxName(Pod pod) {
        return "k8s_POD_" + pod.getMetadata().getName() + "_" + NS + "_" + pod.getMetadata().getUid() + "_0";
    }

    private static List<String> labels(Pod pod, String container, String type) {
        return List.of("--label", "io.kubernetes.pod.namespace=" + NS,
                "--label", "io.kubernetes.pod.name=" + pod.getMetadata().getName(),
                "--label", "io.kubernetes.pod.uid=" + pod.getMetadata().getUid(),
                "--label", "io.kubernetes.container.name=" + container,
                "--label", "io.kubernetes.docker.type=" + type);
    }

    private static String uid(KubernetesClient client, String name) {
        return client.pods().inNamespace(NS).withName(name).get().getMetadata().getUid();
    }

    /** "policy namespace/pod" of every failure in the OpenReports Report of the test's namespace. */
    @SuppressWarnings("unchecked")
    private static Set<String> reportFailures(KubernetesClient client) {
        GenericKubernetesResource report = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup("openreports.io").withVersion("v1alpha1").withKind("Report").withPlural("reports")
                .withNamespaced(true).build()).inNamespace(NS).withName("lxkns").get();
        Set<String> failures = new TreeSet<>();
        if (report != null) {
            for (Map<String, Object> result : (List<Map<String, Object>>) report.getAdditionalProperties().get("results")) {
                if ("fail".equals(result.get("result"))) {
                    Map<String, Object> pod = ((List<Map<String, Object>>) result.get("resources")).get(0);
                    failures.add(result.get("policy") + " " + pod.get("namespace") + "/" + pod.get("name"));
                }
            }
        }
        return failures;
    }

    /** "type namespace/pod" of every pod-scoped finding in ClusterNamespaces/cluster. */
    private static Set<String> podFindings(KubernetesClient client) {
        ClusterNamespaces cluster = client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get();
        if (cluster == null || cluster.getStatus() == null || cluster.getStatus().findings() == null) {
            return null;
        }
        return cluster.getStatus().findings().stream().filter(f -> f.pod() != null)
                .map(f -> f.type() + " " + f.pod()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> findingsOfType(KubernetesClient client, String type) {
        ClusterNamespaces cluster = client.resources(ClusterNamespaces.class).withName(ClusterNamespaces.SINGLETON).get();
        if (cluster == null || cluster.getStatus() == null || cluster.getStatus().findings() == null) {
            return Set.of();
        }
        return cluster.getStatus().findings().stream().filter(f -> f.type().equals(type)).map(f -> f.node())
                .collect(Collectors.toSet());
    }

    private void awaitPodFindings(KubernetesClient client, String what, Set<String> expected) throws InterruptedException {
        try {
            await(what, CONVERGE, () -> expected.equals(podFindings(client)) ? true : null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected " + expected + ", ClusterNamespaces shows "
                    + podFindings(client), e);
        }
    }

    /** "reason namespace/pod" of the operator's Events, and how many of each there are. */
    private static Map<String, Integer> eventCounts(KubernetesClient client) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Event event : client.v1().events().inNamespace(NS).list().getItems()) {
            counts.merge(event.getReason() + " " + NS + "/" + event.getInvolvedObject().getName(), 1, Integer::sum);
        }
        return counts;
    }

    /** Polls until {@code probe} gives non-null, at most {@code limit}; a clear failure names what was awaited. */
    private <T> T await(String what, Duration limit, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            for (Daemon daemon : daemons) {
                assertThat(daemon.running()).as("a daemon exited while awaiting %s:%n%s", what, daemon.tail()).isTrue();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + limit + ": " + what);
    }
}
