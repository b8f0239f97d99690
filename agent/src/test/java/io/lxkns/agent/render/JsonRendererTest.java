package io.lxkns.agent.render;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON contract of docs/json.md, read back as a consumer would: every documented field with its
 * value (fields may be added, so others are allowed).
 */
class JsonRendererTest {
    /** Strict: no unescaped control characters, no field twice, nothing after the object. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String WEIRD_COMM = "a\"b\nc\\d\te\u0001f/\u00fc\u2028";
    private static final NamespaceId POD_NET = id(NamespaceType.NET, 4026532455L);
    private static final NamespaceId POD_MNT = id(NamespaceType.MNT, 4026532300L);
    private static final NamespaceId POD_PID = id(NamespaceType.PID, 4026532456L);
    private static final NamespaceId USER = id(NamespaceType.USER, 4026532177L);

    private static String text;
    private static JsonNode json;

    @BeforeAll
    static void render() throws IOException {
        HandMade node = HandMade.host();
        NamespaceId hostUser = node.initial(NamespaceType.USER);
        node.timing(Duration.ofNanos(41_200_000), stages("processes", 30_100_000, "tasks", 3_000_000));
        node.warning(new Warning(Warning.Kind.PERMISSION_DENIED, 1,
                "cannot read namespaces of process 1 (init): permission denied"));
        node.add(ns(USER).sources(Source.HIERARCHY).parent(hostUser).ownerUid(1000));
        node.add(ns(POD_NET).sources(Source.BINDMOUNT, Source.SOCKET, Source.PROC).owner(hostUser)
                .processes(2, 600).looseThreads(1042)
                .bindMount("/run/netns/blue", node.initial(NamespaceType.MNT)).fdRef(1, 7).socketRef(1, 9));
        node.add(ns(POD_MNT).sources(Source.PROC).owner(hostUser).processes(1, 600).mountCount(42));
        node.process(1, 0, "systemd");
        node.add(new ProcessInfo(600, 500, "nginx", 'S', 101, 81234, 3,
                node.namespacesOf(POD_NET, POD_MNT, POD_PID), Map.of(NamespaceType.PID, POD_PID), List.of(600, 1),
                "/kubepods/pod-web/nginx", null));
        node.process(601, 1, WEIRD_COMM);
        node.process(700, 1, "tools");
        node.engine(EngineKind.CONTAINERD, container("c-web", "nginx", EngineKind.CONTAINERD, "k8s.io", 600,
                new Pod("shop", "web", "5f0e", "nginx", false)));
        node.engine(new EngineSnapshot(EngineKind.DOCKER, HandMade.DOCKER_SOCKET, true, true, null, List.of(
                new Container("d-tools", "tools", EngineKind.DOCKER, null, HandMade.DOCKER_SOCKET, 700,
                        Map.of("b", "2", "a", "1"), true, null))));
        node.engine(new EngineSnapshot(EngineKind.CONTAINERD, "/run/k3s/containerd/containerd.sock", false, false,
                "connection refused", List.of()));
        NodeView view = node.view();

        StringWriter out = new StringWriter();
        JsonRenderer.write(view, view.discovery().namespaces().values(), out);
        text = out.toString();
        json = STRICT.readTree(text);
    }

    private static Map<String, Duration> stages(String first, long firstNanos, String second, long secondNanos) {
        Map<String, Duration> stages = new LinkedHashMap<>();
        stages.put(first, Duration.ofNanos(firstNanos));
        stages.put(second, Duration.ofNanos(secondNanos));
        return stages;
    }

    /** Each field of {@code expected} is in {@code actual} with that value. */
    private static void assertFields(JsonNode actual, String expected) throws IOException {
        JsonNode wanted = STRICT.readTree(expected);
        List<String> fields = new ArrayList<>();
        wanted.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isNotEmpty();
        for (String field : fields) {
            assertThat(actual.has(field)).as("has %s: %s", field, actual).isTrue();
            assertThat(actual.get(field)).as(field).isEqualTo(wanted.get(field));
        }
    }

    private static JsonNode element(String array, String field, String value) {
        for (JsonNode element : json.get(array)) {
            if (element.get(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no " + array + " element with " + field + " " + value);
    }

    @Test
    void theTopLevelFieldsNodeDiscoveryEnginesAndWarnings() throws IOException {
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("schemaVersion", "node", "discovery", "namespaces", "processes", "containers",
                "engines", "warnings");
        assertFields(json, """
                {"schemaVersion": 1,
                 "node": {"hostname": "node-1", "bootId": "0b5c7a2e-1111-2222-3333-444455556666", "kernel": "6.18.44"},
                 "engines": [
                   {"engine": "containerd", "endpoint": "/run/containerd/containerd.sock", "up": true, "error": null,
                    "containers": 1},
                   {"engine": "docker", "endpoint": "/var/run/docker.sock", "up": true, "error": null, "containers": 1},
                   {"engine": "containerd", "endpoint": "/run/k3s/containerd/containerd.sock", "up": false,
                    "error": "connection refused", "containers": 0}]}
                """);
        assertFields(json.get("discovery"), """
                {"startedAt": "2026-11-29T01:50:00Z", "durationMs": 41.2, "stagesMs": {"processes": 30.1, "tasks": 3.0}}
                """);
        assertThat(json.get("warnings")).hasSize(2);
        assertThat(json.get("warnings").get(0).asText())
                .as("discovery's warnings first").isEqualTo("cannot read namespaces of process 1 (init): permission denied");
        assertThat(json.get("warnings").get(1).asText())
                .as("then the engines'").contains("/run/k3s/containerd/containerd.sock", "connection refused");
    }

    @Test
    void namespacesInTypeThenInodeOrderWithEveryDocumentedField() throws IOException {
        List<String> ids = new ArrayList<>();
        json.get("namespaces").forEach(ns -> ids.add(ns.get("id").asText()));
        assertThat(ids).containsExactly("cgroup:[4026531835]", "ipc:[4026531836]", "mnt:[4026531837]",
                "mnt:[4026532300]", "net:[4026531838]", "net:[4026532455]", "pid:[4026531839]", "pid:[4026532456]",
                "time:[4026531840]", "user:[4026531841]", "user:[4026532177]", "uts:[4026531842]");

        assertFields(element("namespaces", "id", "net:[4026532455]"), """
                {"id": "net:[4026532455]", "type": "net", "inode": 4026532455, "dev": 4, "initial": false,
                 "sources": ["proc", "socket", "bindmount"],
                 "owner": "user:[4026531841]", "parent": null, "ownerUid": null,
                 "processCount": 2, "leaders": [600], "looseThreads": [1042],
                 "bindMounts": [{"path": "/run/netns/blue", "mountNamespace": "mnt:[4026531837]"}],
                 "fdRefs": [{"pid": 1, "fd": 7}], "socketRefs": [{"pid": 1, "fd": 9}],
                 "mountCount": null, "containers": ["c-web"]}
                """);
        assertFields(element("namespaces", "id", "user:[4026532177]"), """
                {"type": "user", "initial": false, "sources": ["hierarchy"],
                 "owner": null, "parent": "user:[4026531841]", "ownerUid": 1000,
                 "processCount": 0, "leaders": [], "looseThreads": [], "bindMounts": [], "fdRefs": [],
                 "socketRefs": [], "mountCount": null, "containers": []}
                """);
        assertFields(element("namespaces", "id", "mnt:[4026532300]"), """
                {"type": "mnt", "mountCount": 42, "containers": ["c-web"]}
                """);
        assertFields(element("namespaces", "id", "net:[4026531838]"), """
                {"initial": true, "sources": ["proc"], "containers": ["d-tools"]}
                """);
        assertFields(element("namespaces", "id", "mnt:[4026531837]"),
                "{\"initial\": true, \"containers\": [\"d-tools\"]}");
    }

    @Test
    void processesByPidWithTheirNamespacesAndContainer() throws IOException {
        List<Integer> pids = new ArrayList<>();
        json.get("processes").forEach(p -> pids.add(p.get("pid").asInt()));
        assertThat(pids).containsExactly(1, 600, 601, 700);

        assertFields(element("processes", "pid", "600"), """
                {"pid": 600, "ppid": 500, "comm": "nginx", "state": "S", "uid": 101, "starttime": 81234, "threads": 3,
                 "namespaces": {"cgroup": "cgroup:[4026531835]", "ipc": "ipc:[4026531836]", "mnt": "mnt:[4026532300]",
                                "net": "net:[4026532455]", "pid": "pid:[4026532456]", "time": "time:[4026531840]",
                                "user": "user:[4026531841]", "uts": "uts:[4026531842]",
                                "pid_for_children": "pid:[4026532456]"},
                 "nspids": [600, 1], "cgroup": "/kubepods/pod-web/nginx", "frozen": null, "container": "c-web"}
                """);
        assertFields(element("processes", "pid", "1"), """
                {"ppid": 0, "comm": "systemd", "nspids": [1], "cgroup": "/", "frozen": false, "container": null}
                """);
        assertFields(element("processes", "pid", "700"), "{\"container\": \"d-tools\"}");
    }

    @Test
    void containersWithEngineLabelsAndPod() throws IOException {
        List<String> ids = new ArrayList<>();
        json.get("containers").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).containsExactly("c-web", "d-tools");

        assertFields(element("containers", "id", "c-web"), """
                {"name": "nginx", "engine": "containerd", "engineNamespace": "k8s.io", "pid": 600, "labels": {},
                 "paused": false,
                 "pod": {"namespace": "shop", "name": "web", "uid": "5f0e", "container": "nginx", "sandbox": false}}
                """);
        assertFields(element("containers", "id", "d-tools"), """
                {"name": "tools", "engine": "docker", "engineNamespace": null, "pid": 700,
                 "labels": {"a": "1", "b": "2"}, "paused": true, "pod": null}
                """);
    }

    @Test
    void aCommWithQuotesNewlinesAndControlCharactersIsEscapedAndRoundTrips() {
        JsonNode process = element("processes", "pid", "601");

        assertThat(process.get("comm").asText()).isEqualTo(WEIRD_COMM);
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).as("no raw control character in the output")
                .isEmpty();
        assertThat(text.lines().filter(l -> l.contains("\"comm\" : \"a\\\"b\\nc\\\\d\\te\\u0001f/")))
                .as("the comm escaped on one line").hasSize(1);
    }
}
