package io.lxkns.agent.render;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.ns;
import static io.lxkns.agent.testing.HandMade.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The narrow {@code lxkns ls} table of docs/cli.md, on a small hand-made node. */
class LsTableTest {
    private static final List<String> HEADERS = List.of(
            "NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "SOURCES", "OWNER", "CONTAINER", "POD", "PATH");
    /** The pod network namespace: three containers of two pods. */
    private static final NamespaceId POD_NET = id(NamespaceType.NET, 4026532600L);
    /** A user namespace reached only as an owner: no process, no container. */
    private static final NamespaceId USER = id(NamespaceType.USER, 4026532100L);

    private static List<String> header;
    private static List<Map<String, String>> rows;

    @BeforeAll
    static void print() {
        HandMade node = HandMade.host();
        NamespaceId hostUser = node.initial(NamespaceType.USER);
        NamespaceId hostMnt = node.initial(NamespaceType.MNT);
        node.add(ns(node.initial(NamespaceType.NET)).initial().sources(Source.PROC).owner(hostUser).processes(1, 1));
        node.process(1, 0, "systemd");
        // Lower inodes than the pod's net namespace, but of later types: the order is by type first.
        NamespaceId[] pids = {id(NamespaceType.PID, 4026532001L), id(NamespaceType.PID, 4026532002L),
            id(NamespaceType.PID, 4026532003L)};
        node.add(ns(USER).sources(Source.HIERARCHY).parent(hostUser).ownerUid(1000));
        node.add(ns(POD_NET).sources(Source.BINDMOUNT, Source.PROC).owner(hostUser).processes(3, 600, 610, 620)
                .bindMount("/run/netns/in-a-pod", id(NamespaceType.MNT, 4026532650L))
                .bindMount("/run/netns/cni-1234", hostMnt));
        node.process(600, 1, "pause", 65535, POD_NET, pids[0]);
        node.process(610, 1, "api-server", 1000, POD_NET, pids[1]);
        node.process(620, 1, "envoy", 1000, POD_NET, pids[2]);
        node.engine(EngineKind.CONTAINERD,
                container("c-web", "web", EngineKind.CONTAINERD, "k8s.io", 600, pod("shop", "web", "web", false)),
                container("c-sidecar", "zz-sidecar", EngineKind.CONTAINERD, "k8s.io", 620,
                        pod("shop", "web", "zz-sidecar", false)),
                container("c-api", "api", EngineKind.CONTAINERD, "k8s.io", 610, pod("shop", "api", "api", false)));
        NodeView view = node.view();

        StringWriter text = new StringWriter();
        LsTable.print(view, view.discovery().namespaces().values(), false, false, new UserNames(null), pid -> {
            throw new AssertionError("the narrow table shows comm and reads no command line");
        }, new PrintWriter(text));

        List<String> lines = text.toString().lines().toList();
        header = cells(lines.get(0));
        rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            assertThat(cells).as("cells of %s", line).hasSameSizeAs(HEADERS);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < HEADERS.size(); i++) {
                row.put(HEADERS.get(i), cells.get(i));
            }
            rows.add(row);
        }
    }

    /** A line's cells; none is empty or has a space, but for the "(+N)" that follows a name. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String word : line.trim().split(" +")) {
            if (word.matches("\\(\\+\\d+\\)")) {
                cells.set(cells.size() - 1, cells.get(cells.size() - 1) + " " + word);
            } else {
                cells.add(word);
            }
        }
        return cells;
    }

    private static Map<String, String> row(NamespaceId id) {
        return rows.stream().filter(r -> r.get("NS").replace("*", "").equals(Long.toString(id.inode())))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + id));
    }

    @Test
    void theHeaderHasTheDocumentedColumns() {
        assertThat(header).isEqualTo(HEADERS);
    }

    @Test
    void oneRowPerNamespaceByTypeThenInodeWithAStarOnTheHostsOwn() {
        assertThat(rows).extracting(r -> r.get("TYPE") + " " + r.get("NS")).containsExactly(
                "cgroup 4026531835*",
                "ipc 4026531836*",
                "mnt 4026531837*",
                "net 4026531838*",
                "net 4026532600",
                "pid 4026531839*",
                "pid 4026532001",
                "pid 4026532002",
                "pid 4026532003",
                "time 4026531840*",
                "user 4026531841*",
                "user 4026532100",
                "uts 4026531842*");
    }

    @Test
    void aNamespaceOfSeveralContainersAndPodsShowsTheFirstOfEachAndHowManyMore() {
        assertThat(row(POD_NET)).containsExactlyEntriesOf(ordered(
                "NS", "4026532600", "TYPE", "net", "NPROCS", "3", "PID", "600", "USER", "65535", "COMMAND", "pause",
                "SOURCES", "proc,bindmount", "OWNER", "4026531841", "CONTAINER", "api (+2)", "POD", "shop/api (+1)",
                "PATH", "/run/netns/cni-1234 (+1)"));
        assertThat(row(id(NamespaceType.PID, 4026532002L))).as("the namespace of one container")
                .containsEntry("CONTAINER", "api").containsEntry("POD", "shop/api");
    }

    @Test
    void aNamespaceNoProcessIsInShowsDashesAndAUserNamespaceItsParentAsOwner() {
        assertThat(row(USER)).containsExactlyEntriesOf(ordered(
                "NS", "4026532100", "TYPE", "user", "NPROCS", "0", "PID", "-", "USER", "-", "COMMAND", "-",
                "SOURCES", "hierarchy", "OWNER", "4026531841", "CONTAINER", "-", "POD", "-", "PATH", "-"));
        assertThat(row(id(NamespaceType.NET, 4026531838L))).as("the host's net namespace")
                .containsEntry("PID", "1").containsEntry("USER", "0").containsEntry("COMMAND", "systemd")
                .containsEntry("CONTAINER", "-").containsEntry("POD", "-");
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
