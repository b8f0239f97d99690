package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.agent.engines.PrivateContainerd;
import io.lxkns.agent.engines.SharedEngines;
import io.lxkns.discovery.testing.Sh;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** lxkns ls with containers and pods, against the private engines. */
@ExtendWith(SharedEngines.class)
class ContainersCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SANDBOX = Sh.uniqueName("cli-sbx");
    private static final String APP = Sh.uniqueName("cli-app");
    private static PrivateContainerd containerd;
    private static int sandboxPid;
    private static int appPid;

    @BeforeAll
    static void pod(SharedEngines engines) {
        containerd = engines.containerd();
        List<String> pod = List.of("io.kubernetes.pod.namespace=tools", "io.kubernetes.pod.name=debug",
                "io.kubernetes.pod.uid=uid-debug");
        sandboxPid = containerd.run("k8s.io", SANDBOX, with(pod, "io.kubernetes.container.name=POD",
                "io.cri-containerd.kind=sandbox"), List.of());
        appPid = containerd.run("k8s.io", APP, with(pod, "io.kubernetes.container.name=shell",
                "io.cri-containerd.kind=container"), List.of("network:/proc/" + sandboxPid + "/ns/net"));
    }

    @AfterAll
    static void removePod() {
        containerd.remove("k8s.io", APP);
        containerd.remove("k8s.io", SANDBOX);
    }

    private static String[] engineArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--containerd-socket", containerd.socket().toString(), "--no-engine-autodetect"));
        return all.toArray(String[]::new);
    }

    @Test
    void benchTimesAskingTheEnginesApartFromTheDiscovery() throws Exception {
        Cli cli = Cli.run(engineArgs("bench", "--warmup", "0", "--runs", "3", "--json"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode bench = JSON.readTree(cli.out());
        assertThat(bench.get("containers").asInt()).as("the pod's sandbox and app").isGreaterThanOrEqualTo(2);
        assertThat(bench.at("/stagesMs/containers").isNumber()).isTrue();
        assertThat(bench.at("/stagesMs/processes").isNumber()).isTrue();

        JsonNode without = JSON.readTree(Cli.run(engineArgs("bench", "--warmup", "0", "--runs", "1", "--json",
                "--no-containers")).out());
        assertThat(without.get("containers").asInt()).isZero();
        assertThat(without.get("stagesMs").has("containers")).isFalse();
    }

    @Test
    void podsViewShowsEachContainersNamespacesAndWhichAreTheHosts() {
        Cli cli = Cli.run(engineArgs("ls", "--pods"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines.get(0).trim().split("\\s+")).containsExactly(
                "POD", "CONTAINER", "ENGINE", "PID", "NET", "PID", "IPC", "UTS", "MNT", "USER", "CGROUP", "TIME");
        String sandbox = lines.stream().filter(l -> l.contains("POD (sandbox)")).findFirst().orElseThrow();
        String app = lines.stream().filter(l -> l.contains(" shell ")).findFirst().orElseThrow();
        assertThat(lines.indexOf(sandbox)).as("sandbox first").isLessThan(lines.indexOf(app));
        assertThat(sandbox).startsWith("tools/debug").contains("containerd:k8s.io").contains(" " + sandboxPid + " ");
        String[] sandboxCells = sandbox.split("\\s+");
        String[] appCells = app.split("\\s+");
        // POD (sandbox) takes two cells: net is at index 5 there, 4 in the app's row.
        assertThat(appCells[4]).as("shared net").isEqualTo(sandboxCells[5]).matches("\\d+");
        assertThat(appCells[5]).as("own pid namespace").isNotEqualTo(sandboxCells[6]);
        assertThat(app).endsWith("host host   host");
    }

    @Test
    void jsonCarriesContainersPodsAndTheirLinks() throws Exception {
        Cli cli = Cli.run(engineArgs("ls", "-o", "json"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode root = JSON.readTree(cli.out());
        JsonNode app = null;
        for (JsonNode container : root.get("containers")) {
            if (container.get("id").asText().equals(APP)) {
                app = container;
            }
        }
        assertThat(app).isNotNull();
        assertThat(app.get("engine").asText()).isEqualTo("containerd");
        assertThat(app.get("engineNamespace").asText()).isEqualTo("k8s.io");
        assertThat(app.get("pid").asInt()).isEqualTo(appPid);
        assertThat(app.get("paused").asBoolean()).isFalse();
        assertThat(app.at("/pod/namespace").asText()).isEqualTo("tools");
        assertThat(app.at("/pod/name").asText()).isEqualTo("debug");
        assertThat(app.at("/pod/uid").asText()).isEqualTo("uid-debug");
        assertThat(app.at("/pod/container").asText()).isEqualTo("shell");
        assertThat(app.at("/pod/sandbox").asBoolean()).isFalse();
        assertThat(app.at("/labels/io.cri-containerd.kind").asText()).isEqualTo("container");

        String appNet = null;
        for (JsonNode process : root.get("processes")) {
            if (process.get("pid").asInt() == appPid) {
                assertThat(process.get("container").asText()).isEqualTo(APP);
                appNet = process.at("/namespaces/net").asText();
            }
        }
        assertThat(appNet).isNotNull();
        for (JsonNode ns : root.get("namespaces")) {
            if (ns.get("id").asText().equals(appNet)) {
                assertThat(ns.get("containers").toString()).contains(APP).contains(SANDBOX);
            }
        }
        assertThat(root.get("engines")).singleElement().satisfies(engine -> {
            assertThat(engine.get("up").asBoolean()).isTrue();
            assertThat(engine.get("endpoint").asText()).isEqualTo(containerd.socket().toString());
        });
    }

    @Test
    void tableNamesContainerAndPodOfEachNamespace() {
        Cli cli = Cli.run(engineArgs("ls", "-t", "net"));

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out().lines()).anyMatch(line -> line.matches(
                "\\s*\\d+ net\\s+2\\s+" + sandboxPid + " root\\s+sleep\\s+proc\\s+\\d+\\s+POD \\(\\+1\\)\\s+tools/debug\\s+-\\s+-"));
    }

    @Test
    void noContainersSkipsTheEnginesAndADeadEngineIsAWarningNotAFailure() {
        Cli without = Cli.run(engineArgs("ls", "--no-containers", "-t", "net"));
        assertThat(without.exitCode()).isZero();
        assertThat(without.out()).doesNotContain("tools/debug");

        Cli dead = Cli.run("ls", "-t", "net", "--containerd-socket", "/run/lxkns-test/nothing-here.sock",
                "--no-engine-autodetect");
        assertThat(dead.exitCode()).isZero();
        assertThat(dead.err()).contains("containerd at /run/lxkns-test/nothing-here.sock is not reachable");
        assertThat(dead.out().lines().findFirst().orElseThrow()).contains("NS", "CONTAINER", "POD");
    }

    private static List<String> with(List<String> labels, String... more) {
        List<String> all = new ArrayList<>(labels);
        all.addAll(List.of(more));
        return all;
    }
}
