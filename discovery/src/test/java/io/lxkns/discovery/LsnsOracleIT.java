package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Spawned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** util-linux lsns is the oracle: everything it lists, we list too, with the same type. */
class LsnsOracleIT {

    @Test
    void everyNamespaceLsnsListsIsFound() throws Exception {
        Root.require();
        try (Spawned net = Spawned.start("unshare", "--net", "--ipc", "--uts", "sleep", "300");
                Spawned user = Spawned.start("unshare", "-U", "-r", "--mount", "sleep", "300")) {
            net.awaitProcess("sleep");
            user.awaitProcess("sleep");

            JsonNode lsns = lsnsJson();
            DiscoveryResult result = Discovery.discover();

            List<String> missing = new ArrayList<>();
            int compared = 0;
            for (JsonNode row : lsns.get("namespaces")) {
                NamespaceType type = NamespaceType.ofProcName(row.get("type").asText()).orElseThrow();
                NamespaceId id = new NamespaceId(type, row.get("ns").asLong());
                Namespace ours = result.namespaces().get(id);
                if (ours != null) {
                    assertThat(ours.type()).isEqualTo(type);
                    compared++;
                } else if (Files.exists(Path.of("/proc", row.get("pid").asText()))) {
                    // Only a namespace whose process is still alive must be found: others may have
                    // ended between the two scans.
                    missing.add(id + " (pid " + row.get("pid").asText() + ")");
                }
            }
            assertThat(missing).as("namespaces lsns lists and lxkns does not").isEmpty();
            assertThat(compared).isGreaterThanOrEqualTo(NamespaceType.values().length + 5);
        }
    }

    private static JsonNode lsnsJson() throws IOException, InterruptedException {
        Process lsns = new ProcessBuilder("lsns", "--json", "--output", "NS,TYPE,PID").start();
        byte[] out = lsns.getInputStream().readAllBytes();
        assertThat(lsns.waitFor(30, TimeUnit.SECONDS)).as("lsns finished").isTrue();
        assertThat(lsns.exitValue()).as("lsns exit code; stderr: %s",
                new String(lsns.getErrorStream().readAllBytes())).isZero();
        return new ObjectMapper().readTree(out);
    }
}
