package io.lxkns.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import io.lxkns.discovery.testing.Spawned;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void root() {
        Root.require();
    }

    @Test
    void jsonFollowsTheContract() throws Exception {
        try (Spawned spawned = Spawned.start("unshare", "-U", "-r", "unshare", "-U", "-r", "--net", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            Cli cli = Cli.run("ls", "-o", "json");

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            JsonNode root = JSON.readTree(cli.out());
            assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(root.at("/node/bootId").asText()).matches("[0-9a-f-]{36}");
            assertThat(root.at("/node/kernel").asText()).isNotEmpty();
            assertThat(root.at("/node/hostname").isTextual()).isTrue();
            assertThat(root.get("containers").isArray()).isTrue();
            assertThat(root.get("warnings").isArray()).isTrue();

            Map<String, JsonNode> byId = new HashMap<>();
            for (JsonNode ns : root.get("namespaces")) {
                assertThat(fieldNames(ns)).containsAll(List.of("id", "type", "inode", "dev", "initial", "sources",
                        "owner", "parent", "ownerUid", "processCount", "leaders", "looseThreads", "bindMounts",
                        "fdRefs", "socketRefs", "containers", "mountCount"));
                assertThat(ns.get("mountCount").isNull()).isEqualTo(!ns.get("type").asText().equals("mnt"));
                assertThat(ns.get("id").asText()).isEqualTo(ns.get("type").asText() + ":[" + ns.get("inode").asLong() + "]");
                byId.put(ns.get("id").asText(), ns);
            }
            JsonNode process = null;
            for (JsonNode candidate : root.get("processes")) {
                if (candidate.get("pid").asInt() == sleep) {
                    process = candidate;
                }
            }
            assertThat(process).as("process %d in JSON", sleep).isNotNull();
            assertThat(process.get("comm").asText()).isEqualTo("sleep");
            assertThat(process.get("container").isNull()).isTrue();
            assertThat(process.get("nspids").toString()).isEqualTo("[" + sleep + "]");
            assertThat(process.get("cgroup").asText()).startsWith("/");
            assertThat(process.get("frozen").asBoolean()).isFalse();
            assertThat(fieldNames(process.get("namespaces"))).contains("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts");

            JsonNode user = byId.get(process.at("/namespaces/user").asText());
            JsonNode net = byId.get(process.at("/namespaces/net").asText());
            assertThat(net.get("owner").asText()).isEqualTo(user.get("id").asText());
            assertThat(net.get("leaders").get(0).asInt()).isEqualTo(sleep);
            JsonNode intermediate = byId.get(user.get("parent").asText());
            assertThat(intermediate.get("sources").toString()).isEqualTo("[\"hierarchy\"]");
            assertThat(intermediate.get("processCount").asInt()).isZero();
            assertThat(intermediate.get("ownerUid").asInt()).isZero();
            JsonNode initialUser = byId.get(intermediate.get("parent").asText());
            assertThat(initialUser.get("initial").asBoolean()).isTrue();
            assertThat(initialUser.get("parent").isNull()).isTrue();
        }
    }

    @Test
    void typeFilterIsRepeatable() throws Exception {
        Cli cli = Cli.run("ls", "-t", "net", "--type", "USER", "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<String> types = new ArrayList<>();
        JSON.readTree(cli.out()).get("namespaces").forEach(ns -> types.add(ns.get("type").asText()));
        assertThat(types).isNotEmpty().containsOnly("net", "user").contains("net", "user");
    }

    @Test
    void tableIsTheDefaultCommandAndMarksInitialNamespaces() {
        try (Spawned spawned = Spawned.start("unshare", "--uts", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");

            Cli cli = Cli.run();

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            List<String> lines = cli.out().lines().toList();
            assertThat(lines.get(0).trim().split("\\s+"))
                    .containsExactly("NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "SOURCES", "OWNER", "CONTAINER", "POD", "PATH");
            assertThat(lines).anyMatch(line -> line.matches("\\s*\\d+\\* user\\s+\\d+\\s+2 root\\s+kthreadd\\s+proc\\s+-\\s+\\S+( \\(\\+\\d+\\))?\\s+\\S+( \\(\\+\\d+\\))?\\s+-"));
            assertThat(lines).anyMatch(line -> line.matches("\\s*\\d+ uts\\s+1\\s+" + sleep + " root\\s+sleep\\s+proc\\s+\\d+\\s+-\\s+-\\s+-"));
        }
    }

    @Test
    void wideTableShowsTheCommandLine() {
        try (Spawned spawned = Spawned.start("unshare", "--ipc", "sleep", "301")) {
            int sleep = spawned.awaitProcess("sleep");

            Cli cli = Cli.run("ls", "-o", "wide", "-t", "ipc");

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertThat(cli.out().lines()).anyMatch(line -> line.contains(" " + sleep + " ") && line.endsWith("sleep 301"));
        }
    }

    @Test
    void netTableNamesIpNetnsAndShowsBindMountsWithTheirPaths() throws Exception {
        String name = Sh.uniqueName("lxkns-cli");
        Sh.run("ip", "netns", "add", name);
        try {
            Cli table = Cli.run("ls", "-t", "net");
            Cli json = Cli.run("ls", "-t", "net", "-o", "json");

            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.out().lines().findFirst().orElseThrow().trim().split("\\s+"))
                    .containsExactly("NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "SOURCES", "OWNER", "CONTAINER", "POD", "NETNS", "PATH");
            assertThat(table.out().lines()).anyMatch(line -> line.matches(
                    "\\s*\\d+ net\\s+0\\s+-\\s+-\\s+-\\s+bindmount\\s+\\d+\\s+-\\s+-\\s+" + name + "\\s+/run/netns/" + name + "( \\(\\+\\d+\\))?"));
            JsonNode net = null;
            for (JsonNode ns : JSON.readTree(json.out()).get("namespaces")) {
                if (ns.get("bindMounts").toString().contains("/run/netns/" + name)) {
                    net = ns;
                }
            }
            assertThat(net).isNotNull();
            assertThat(net.at("/bindMounts/0/mountNamespace").asText()).startsWith("mnt:[");
            assertThat(Cli.run("ls").out().lines().findFirst().orElseThrow()).doesNotContain("NETNS");
        } finally {
            Sh.run("ip", "netns", "delete", name);
        }
    }

    @Test
    void badInputIsAUsageError() {
        Cli cli = Cli.run("ls", "-t", "bogus");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("unknown namespace type 'bogus'").contains("Usage:");
    }

    @Test
    void helpExplainsEveryCommand() {
        Cli top = Cli.run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("ls", "tree", "lsns");
        for (String command : List.of("ls", "tree")) {
            Cli help = Cli.run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Usage: lxkns " + command, "--proc", "--verbose");
        }
    }

    @Test
    void aCommandLineHoldsOnlyTheCommandItRuns() {
        assertThat(LxknsCommand.commandLine(new String[] {"tree", "--user"}).getSubcommands()).containsOnlyKeys("tree");
        assertThat(LxknsCommand.commandLine(new String[0]).getSubcommands()).containsOnlyKeys("ls");
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"help", "tree"}, new String[] {"lss"})) {
            assertThat(LxknsCommand.commandLine(args).getSubcommands())
                    .containsOnlyKeys("ls", "tree", "agent", "bench", "help");
        }
        Cli help = Cli.run("help", "tree");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: lxkns tree");
        Cli typo = Cli.run("lss");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("Unmatched argument", "Did you mean: lxkns ls");
    }

    @Test
    void verboseTellsTheTimeOfEachStage() {
        Cli cli = Cli.run("ls", "-v", "--no-containers");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.err()).containsPattern(
                "discovery took \\d+ ms, processes \\d+ ms, tasks \\d+ ms, .*hierarchy\\+ownership \\d+ ms, cgroups \\d+ ms");
    }

    /** Every flush of picocli's writer is a write(2) on stdout; a table of thousands of rows takes one. */
    @Test
    void theTableIsFlushedOnce() {
        StringWriter text = new StringWriter();
        int[] flushes = {0};
        Writer counting = new FilterWriter(text) {
            @Override
            public void flush() throws IOException {
                flushes[0]++;
                super.flush();
            }
        };
        CommandLine cli = LxknsCommand.commandLine(new String[] {"ls"});
        cli.setOut(new PrintWriter(counting, true));

        assertThat(cli.execute("ls", "--no-containers")).isZero();
        assertThat(text.toString().lines().count()).as("a header and the host's namespaces").isGreaterThan(8);
        assertThat(flushes[0]).isEqualTo(1);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
