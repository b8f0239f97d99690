package io.lxkns.operator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.operator.analysis.ClusterAnalysis;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each view's JSON from a snapshot of the fixture cluster, analysed in memory. */
@SuppressWarnings("unchecked")
class UiViewsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final UiFixtures fixtures = UiFixtures.cluster(50, NOW);
    private final UiSnapshot snapshot = UiSnapshot.of(ClusterAnalysis.analyze(fixtures.nodes(), fixtures.pods(),
            fixtures.reports(), NOW, ClusterAnalysis.Settings.defaults(), "op-0"), fixtures.nodes(), fixtures.reports(), NOW);

    @Test
    void clusterCountsNodesByStateAndFindingsBySeverity() {
        Map<String, Object> view = UiViews.cluster(snapshot);
        assertThat(view).containsEntry("view", "cluster").containsEntry("writer", "op-0");
        assertThat(snapshot.pods()).as("every pod observed").hasSize(fixtures.pods().size());
        Map<String, Object> nodes = (Map<String, Object>) view.get("nodes");
        assertThat(nodes.get("total")).isEqualTo(50);
        assertThat((Map<String, Object>) nodes.get("reporting")).containsEntry("count", 48).doesNotContainKey("names");
        assertThat((Map<String, Object>) nodes.get("stale")).containsEntry("names", List.of("node-0048"));
        assertThat((Map<String, Object>) nodes.get("missing")).containsEntry("names", List.of("node-0049"));
        Map<String, Object> warnings = (Map<String, Object>) ((Map<String, Object>) view.get("findingsBySeverity")).get(Findings.WARNING);
        assertThat(warnings.keySet()).contains(Findings.HOST_NAMESPACE_UNEXPECTED, Findings.SHARED_ACROSS_PODS,
                Findings.LEAKED, Findings.STALE_NODE, Findings.MISSING_NODE);
        assertThat(findings(view)).anySatisfy(f -> assertThat(f).containsEntry("pod", "shop/web")
                .containsEntry("node", "node-0000").containsEntry("type", Findings.HOST_NAMESPACE_UNEXPECTED));
    }

    @Test
    void nodeShowsTheUserTreeWithOwnedNamespacesMarked() {
        NodeNamespacesStatus full = report("node-0000");
        Map<String, Object> view = UiViews.node(snapshot, "node-0000", full);
        assertThat(view).containsEntry("state", "reporting");
        List<?> roots = (List<?>) view.get("userTree");
        Map<String, Object> hostUser = (Map<String, Object>) roots.get(0);
        assertThat(hostUser.get("id")).isEqualTo(UiFixtures.host(0).get("user"));
        assertThat(hostUser.get("host")).isEqualTo(true);
        List<?> owned = (List<?>) hostUser.get("owned");
        assertThat(owned).anySatisfy(o -> assertThat((Map<String, Object>) o).containsEntry("id", UiFixtures.LEAKED_NET)
                .containsEntry("leaked", true));
        assertThat(owned).anySatisfy(o -> assertThat((Map<String, Object>) o).containsEntry("id", UiFixtures.SHARED_NET)
                .containsEntry("shared", true));
        assertThat(owned).anySatisfy(o -> assertThat((Map<String, Object>) o).containsEntry("id", UiFixtures.host(0).get("net"))
                .containsEntry("host", true));
        Map<String, Object> outer = (Map<String, Object>) ((List<?>) hostUser.get("children")).get(0);
        assertThat(outer.get("id")).isEqualTo(UiFixtures.USER_OUTER);
        Map<String, Object> inner = (Map<String, Object>) ((List<?>) outer.get("children")).get(0);
        assertThat(inner.get("id")).isEqualTo(UiFixtures.USER_INNER);
        assertThat((List<?>) inner.get("owned")).hasSize(5)
                .allSatisfy(o -> assertThat((Map<String, Object>) o).containsEntry("pods", List.of("shop/nested")));
        assertThat((List<?>) view.get("pods")).hasSize(7);
    }

    @Test
    void nodeWhoseParentsMakeACycleIsShownOnceWithoutLoopingForEver() {
        NodeNamespacesStatus full = report("node-0001");
        var a = new NodeNamespacesStatus.NamespaceEntry("user:[1]", "user", null, "user:[2]", "user:[2]", 1, null, null, null, null);
        var b = new NodeNamespacesStatus.NamespaceEntry("user:[2]", "user", null, "user:[1]", "user:[1]", 1, null, null, null, null);
        Map<String, Object> view = UiViews.node(snapshot, "node-0001", full.withNamespaces(List.of(a, b)));
        assertThat(view.get("userTree").toString()).contains("user:[1]", "user:[2]");
    }

    @Test
    void nodeWithoutItsNamespacesSaysSo() {
        assertThat(UiViews.node(snapshot, "node-0049", null)).containsEntry("state", "missing")
                .containsEntry("notice", "This node has no NodeNamespaces.");
        assertThat(UiViews.node(snapshot, "nowhere", null)).isNull();
    }

    @Test
    void podHasItsGridHostFlagsAndExplainedFindings() {
        Map<String, Object> web = UiViews.pod(snapshot, "shop/web");
        assertThat(web).containsEntry("node", "node-0000");
        Map<String, Object> netFlag = (Map<String, Object>) ((List<?>) web.get("hostFlags")).get(0);
        assertThat(netFlag).containsEntry("field", "hostNetwork").containsEntry("spec", false)
                .containsEntry("observedHost", true).containsEntry("agrees", false);
        Map<String, Object> app = (Map<String, Object>) ((List<?>) web.get("containers")).get(1);
        assertThat((Map<String, Object>) ((Map<String, Object>) app.get("namespaces")).get("net")).containsEntry("host", true);
        assertThat(findings(web)).anySatisfy(f -> assertThat(f).containsEntry("type", Findings.HOST_NAMESPACE_UNEXPECTED)
                .containsEntry("explanation", UiViews.EXPLANATIONS.get(Findings.HOST_NAMESPACE_UNEXPECTED)));

        Map<String, Object> apiApp = (Map<String, Object>) ((List<?>) UiViews.pod(snapshot, "shop/api").get("containers")).get(1);
        assertThat((Map<String, Object>) ((Map<String, Object>) apiApp.get("namespaces")).get("net"))
                .containsEntry("id", UiFixtures.SHARED_NET).containsEntry("sharedWith", List.of("shop/worker"));
        assertThat(UiViews.pod(snapshot, "shop/none")).isNull();
    }

    @Test
    void searchFindsPodsNodesNamespaceIdsPidsAndNetnsPaths() {
        assertThat(hits("worker")).anySatisfy(h -> assertThat(h).containsEntry("kind", "pod").containsEntry("pod", "shop/worker"));
        assertThat(hits("node-0007")).anySatisfy(h -> assertThat(h).containsEntry("kind", "node"));
        assertThat(hits(UiFixtures.SHARED_NET)).extracting(h -> h.get("pod")).contains("shop/api", "shop/worker");
        assertThat(hits("4026538888")).extracting(h -> h.get("pod")).contains("shop/api", "shop/worker");
        assertThat(hits(UiFixtures.host(3).get("pid"))).anySatisfy(h -> assertThat(h).containsEntry("node", "node-0003")
                .containsEntry("pod", null));
        assertThat(hits(String.valueOf(UiFixtures.API_PID))).singleElement()
                .satisfies(h -> assertThat(h).containsEntry("kind", "pid").containsEntry("pod", "shop/api"));
        assertThat(hits(UiFixtures.API_NETNS)).singleElement()
                .satisfies(h -> assertThat(h).containsEntry("kind", "netns").containsEntry("pod", "shop/api"));
        assertThat(hits("")).isEmpty();
        Map<String, Object> many = UiViews.search(snapshot, "app-");
        assertThat(many).containsEntry("truncated", true);
        assertThat((List<?>) many.get("hits")).hasSize(UiViews.MAX_SEARCH_HITS);
    }

    @Test
    void hostHeaderMustNameLoopback() {
        assertThat(UiServer.loopbackHost("localhost:8082")).isTrue();
        assertThat(UiServer.loopbackHost("127.0.0.1")).isTrue();
        assertThat(UiServer.loopbackHost("[::1]:8082")).isTrue();
        assertThat(UiServer.loopbackHost("evil.example:8082")).isFalse();
        assertThat(UiServer.loopbackHost("localhost.evil.example")).isFalse();
        assertThat(UiServer.loopbackHost(null)).isFalse();
        assertThat(UiServer.parameter("a=1&q=net%3A%5B1%5D", "q")).isEqualTo("net:[1]");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> hits(String q) {
        return (List<Map<String, Object>>) UiViews.search(snapshot, q).get("hits");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> findings(Map<String, Object> view) {
        return (List<Map<String, Object>>) view.get("findings");
    }

    private NodeNamespacesStatus report(String node) {
        return fixtures.reports().stream().filter(r -> r.getMetadata().getName().equals(node))
                .map(NodeNamespaces::getStatus).findFirst().orElseThrow();
    }
}
