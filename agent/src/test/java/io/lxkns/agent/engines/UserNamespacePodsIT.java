package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lxkns.agent.node.EngineSource;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.report.NodeFindings;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.testing.Sh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code hostUsers: false} proven on real processes: pods whose containers run in user namespaces
 * of their own (made by the private containerd from OCI specs with uid and gid maps, labelled as the
 * kubelet labels them), and the maps read from the kernel. Debian's containerd 1.6 cannot make user-namespaced pods
 * through the CRI (it ignores {@code userns_options}), so the pods are made through its own API.
 */
@ExtendWith(SharedEngines.class)
class UserNamespacePodsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> podLabels(String name) {
        return List.of("io.kubernetes.pod.namespace=userns-test", "io.kubernetes.pod.name=" + name,
                "io.kubernetes.pod.uid=uid-" + name, "io.kubernetes.container.name=app");
    }

    /**
     * A container in a user namespace of its own mapping 65536 ids from {@code hostBase}: a full OCI
     * spec with a {@code user} namespace and maps ({@code ctr run --uidmap} ignores the maps for a
     * plain rootfs).
     */
    private static void run(PrivateContainerd containerd, String id, String pod, long hostBase) throws IOException {
        ObjectNode spec = (ObjectNode) JSON.readTree(containerd.ctr("default", "oci", "spec"));
        spec.putObject("root").put("path", Engine.busyboxRootfs().toString()).put("readonly", true);
        ObjectNode process = (ObjectNode) spec.get("process");
        process.put("terminal", false);
        process.putArray("args").add("/bin/sleep").add("600");
        ObjectNode linux = (ObjectNode) spec.get("linux");
        ((ArrayNode) linux.get("namespaces")).addObject().put("type", "user");
        for (String maps : List.of("uidMappings", "gidMappings")) {
            linux.putArray(maps).addObject().put("containerID", 0).put("hostID", hostBase).put("size", 65536);
        }
        Path file = Files.createDirectories(Path.of("target/engines/specs")).resolve(id + ".json").toAbsolutePath();
        JSON.writeValue(file.toFile(), spec);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--config", file.toString()));
        podLabels(pod).forEach(label -> args.addAll(List.of("--label", label)));
        args.add(id);
        containerd.ctr("default", args.toArray(String[]::new));
    }

    private static List<Finding> ofType(List<Finding> findings, String type) {
        return findings.stream().filter(f -> f.type().equals(type)).toList();
    }

    @Test
    void overlappingMapsAndMapsOfTheHostsRootAreFoundFromTheKernel(SharedEngines engines) throws IOException {
        PrivateContainerd containerd = engines.containerd();
        String a = Sh.uniqueName("userns-a");
        String b = Sh.uniqueName("userns-b");
        String c = Sh.uniqueName("userns-c");
        String d = Sh.uniqueName("userns-d");
        try {
            run(containerd, a, "alpha", 3_000_000L);
            run(containerd, b, "bravo", 3_032_768L); // overlaps alpha's 3000000..3065535
            run(containerd, c, "charlie", 0L);     // the host's root, mapped
            run(containerd, d, "delta", 4_000_000L); // its own range: no finding

            NodeView view = new NodeObserver(DiscoveryOptions.full(), EngineSource.listOnce(
                    EngineConfig.only(List.of(containerd.socket()), List.of()))).observe();
            List<Finding> findings = NodeFindings.of(view).stream()
                    .filter(f -> f.pod() != null && f.pod().startsWith("userns-test/")).toList();

            assertThat(view.userMaps().values()).as("maps read from the kernel")
                    .anySatisfy(m -> assertThat(m.uids().toString()).contains("0:3032768:65536"));
            assertThat(ofType(findings, Findings.USER_NAMESPACE_MAPS_HOST_ROOT)).singleElement()
                    .satisfies(f -> assertThat(f.pod()).isEqualTo("userns-test/charlie"));
            assertThat(ofType(findings, Findings.USER_NAMESPACE_OVERLAP)).as("one finding per overlapping pair")
                    .singleElement().satisfies(f -> {
                        assertThat(f.pod()).isIn("userns-test/alpha", "userns-test/bravo");
                        assertThat(f.message()).contains("userns-test/" + (f.pod().endsWith("alpha") ? "bravo" : "alpha"));
                    });
            // charlie's 0..65535 overlaps nobody's; delta's range is its own.
            assertThat(findings).noneMatch(f -> f.pod().equals("userns-test/delta"));
        } finally {
            for (String id : List.of(a, b, c, d)) {
                containerd.remove("default", id);
            }
        }
    }
}
