package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Spawned;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TreeCommandIT {

    @BeforeAll
    static void root() {
        Root.require();
    }

    @Test
    void userTreeNestsChildUserNamespacesAndWhatTheyOwn() {
        try (Spawned spawned = Spawned.start("unshare", "-U", "-r", "unshare", "-U", "-r", "--net", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");
            DiscoveryResult result = Discovery.discover();
            NamespaceId inner = result.process(sleep).orElseThrow().namespace(NamespaceType.USER);
            NamespaceId net = result.process(sleep).orElseThrow().namespace(NamespaceType.NET);
            NamespaceId intermediate = result.namespace(inner).orElseThrow().parent();

            Cli cli = Cli.run("tree", "--user");

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            List<String> lines = cli.out().lines().toList();
            assertThat(lines.get(0)).startsWith(result.initial().get(NamespaceType.USER) + " (initial");
            int at = indexOf(lines, intermediate.toString());
            assertThat(lines.get(at)).startsWith("└─ ").contains("found via hierarchy").contains("0 processes")
                    .as("exact branch prefix").matches("^[├└]─ user:.*");
            assertThat(lines.get(at + 1)).matches("^   [├└]─ " + java.util.regex.Pattern.quote(inner.toString()) + ".*leader " + sleep + " sleep.*");
            assertThat(lines.get(at + 2)).matches("^      └─ " + java.util.regex.Pattern.quote(net.toString()) + ".*");
        }
    }

    @Test
    void pidTreeShowsEveryPidNamespaceOnTheWayDown() {
        try (Spawned spawned = Spawned.start("unshare", "--pid", "--fork", "unshare", "--pid", "--fork", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");
            DiscoveryResult result = Discovery.discover();
            NamespaceId inner = result.process(sleep).orElseThrow().namespace(NamespaceType.PID);
            NamespaceId middle = result.namespace(inner).orElseThrow().parent();

            Cli cli = Cli.run("tree", "--pid");

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            List<String> lines = cli.out().lines().toList();
            int at = indexOf(lines, "─ " + middle);
            int depth = lines.get(at).indexOf('─');
            int middleUnshare = result.process(sleep).orElseThrow().ppid();
            assertThat(lines.get(at + 1)).matches(".{" + (depth + 3) + "}─ " + middleUnshare + "/1 unshare");
            assertThat(lines.get(at + 2)).contains(inner.toString());
            assertThat(lines.get(at + 3)).endsWith("─ " + sleep + "/1 sleep");
            assertThat(cli.out()).contains("kernel threads; --kernel-threads shows them");
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + text + " in:\n" + String.join("\n", lines));
    }
}
