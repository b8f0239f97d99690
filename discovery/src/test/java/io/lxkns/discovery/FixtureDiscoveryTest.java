package io.lxkns.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on procfs fixture trees: odd and broken input gives warnings, never exceptions. */
class FixtureDiscoveryTest {
    private static final String TAIL = " 0 0 0 0 0 0 0 0 0 0 %d 0 5000 1 1 1";

    @TempDir
    Path proc;

    @Test
    void oddAndBrokenProcessesGiveWarningsNotExceptions() throws IOException {
        process(1, "1 (init) S 0 1 1 0 -1 0" + TAIL.formatted(1), Map.of("net", "net:[100]", "uts", "uts:[200]"));
        process(2, "2 (kthreadd) S 0 0 0 0 -1 0" + TAIL.formatted(1), Map.of("net", "net:[100]", "uts", "uts:[200]"));
        process(10, "10 (a) (b c) S 1 10 10 0 -1 0" + TAIL.formatted(2), Map.of("net", "net:[101]", "uts", "uts:[200]"));
        task(10, 11, Map.of("net", "net:[101]", "uts", "uts:[201]"));
        process(12, "12 (zombie) Z 1 12 12 0 -1 0" + TAIL.formatted(1), Map.of());
        process(13, "13 (short) S 1", Map.of("net", "net:[100]"));
        process(14, "garbage", Map.of("net", "net:[100]"));
        Files.createDirectories(proc.resolve("15")); // vanished between readdir and reading stat
        process(16, "16 (badlink) S 1 16 16 0 -1 0" + TAIL.formatted(1), Map.of("net", "net:[oops]", "uts", "ipc:[5]"));
        Files.writeString(proc.resolve("not-a-pid"), "ignored");

        DiscoveryResult result = Discovery.discover(
                DiscoveryOptions.full().withProcRoot(proc).without(Stage.HIERARCHY, Stage.OWNERSHIP));

        assertThat(result.processes()).containsOnlyKeys(1, 2, 10, 12, 16);
        ProcessInfo odd = result.process(10).orElseThrow();
        assertThat(odd.comm()).isEqualTo("a) (b c");
        assertThat(odd.ppid()).isEqualTo(1);
        assertThat(odd.threads()).isEqualTo(2);
        assertThat(result.process(12).orElseThrow().namespaces()).isEmpty();
        assertThat(result.process(16).orElseThrow().namespaces()).isEmpty();

        assertThat(result.initial()).containsEntry(NamespaceType.NET, new NamespaceId(NamespaceType.NET, 100));
        Namespace net101 = result.namespace(new NamespaceId(NamespaceType.NET, 101)).orElseThrow();
        assertThat(net101.leaders()).containsExactly(10);
        assertThat(net101.initial()).isFalse();
        Namespace uts201 = result.namespace(new NamespaceId(NamespaceType.UTS, 201)).orElseThrow();
        assertThat(uts201.sources()).containsExactly(Source.TASK);
        assertThat(uts201.looseThreads()).containsExactly(11);
        Namespace uts200 = result.namespace(new NamespaceId(NamespaceType.UTS, 200)).orElseThrow();
        assertThat(uts200.processCount()).isEqualTo(3);
        assertThat(uts200.leaders()).containsExactly(1, 2);

        assertThat(result.warnings()).extracting(Warning::kind, Warning::pid).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.ZOMBIE, 12),
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.UNPARSABLE, 13),
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.UNPARSABLE, 14),
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.VANISHED, 15),
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.UNPARSABLE, 16),
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.UNPARSABLE, 16),
                // the fixture's kthreadd has no cgroup link: its cgroup namespace, the host's, is unknown
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.PERMISSION_DENIED, 0),
                // its uts:[200] is not ours, and its link leads nowhere: no hostname
                org.assertj.core.groups.Tuple.tuple(Warning.Kind.VANISHED, 0));
    }

    @Test
    void missingProcfsIsAWarning() {
        DiscoveryResult result = Discovery.discover(DiscoveryOptions.full().withProcRoot(proc.resolve("absent")));
        assertThat(result.processes()).isEmpty();
        // no procfs, and so no kthreadd: the host's hostname cannot be had either
        assertThat(result.warnings()).extracting(Warning::kind)
                .containsExactly(Warning.Kind.VANISHED, Warning.Kind.UNSUPPORTED);
    }

    private void process(int pid, String stat, Map<String, String> links) throws IOException {
        Path dir = proc.resolve(Integer.toString(pid));
        writeEntry(dir, stat, links);
        Files.createDirectories(dir.resolve("task").resolve(Integer.toString(pid)));
    }

    private void task(int pid, int tid, Map<String, String> links) throws IOException {
        writeEntry(proc.resolve(Integer.toString(pid)).resolve("task").resolve(Integer.toString(tid)), "", links);
    }

    private static void writeEntry(Path dir, String stat, Map<String, String> links) throws IOException {
        Files.createDirectories(dir.resolve("ns"));
        Files.writeString(dir.resolve("stat"), stat + "\n");
        for (Map.Entry<String, String> link : links.entrySet()) {
            Files.createSymbolicLink(dir.resolve("ns").resolve(link.getKey()), Path.of(link.getValue()));
        }
    }
}
