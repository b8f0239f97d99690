package io.lxkns.kubectl.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.Leader;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.kubectl.view.NodeView.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tree of a report that describes no tree: what a compromised node could write. */
class NodeViewsTest {
    static final String HOST_USER = "user:[1]";

    @Test
    void parentCyclesAndUnknownOwnersAreListedOnceUnderOwnerNotReported() {
        List<NamespaceEntry> entries = List.of(
                user("user:[10]", "user:[11]"), user("user:[11]", "user:[10]"), // a cycle
                user("user:[12]", "user:[12]"), // its own parent
                owned("net:[20]", "user:[10]"), // owned inside the cycle
                owned("net:[21]", "user:[99]"), // an owner not in the report
                owned("net:[22]", "net:[20]"), // an owner that is not a user namespace
                owned("net:[23]", null),
                owned("net:[24]", HOST_USER),
                owned("net:[24]", HOST_USER), // twice
                owned("bogus", HOST_USER), // not an id
                owned("net:[2]", HOST_USER)); // the host's own again

        NodeView view = NodeViews.fromNode("n", status(entries));

        assertThat(view.tree()).hasSize(1);
        assertThat(ids(view.tree().get(0).children())).containsExactly("net:[2]", "net:[24]");
        assertThat(view.tree().get(0).children().get(0).host()).isTrue();
        assertThat(ids(view.ownerNotReported())).containsExactly("net:[20]", "net:[21]", "net:[22]", "net:[23]",
                "user:[10]", "user:[11]", "user:[12]");
        assertThat(all(view.tree()).count() + view.ownerNotReported().size()).as("each once").isEqualTo(10);
    }

    @Test
    void aChainDeeperThanAnyKernelAllowsIsCut() {
        List<NamespaceEntry> entries = new ArrayList<>();
        String parent = HOST_USER;
        for (int i = 0; i < 100; i++) {
            String id = "user:[" + (100 + i) + "]";
            entries.add(user(id, parent));
            parent = id;
        }

        NodeView view = NodeViews.fromNode("n", status(entries));

        long depth = 0;
        for (Entry e = view.tree().get(0); !e.children().isEmpty(); e = e.children().get(e.children().size() - 1)) {
            depth++;
        }
        assertThat(depth).isEqualTo(NodeViews.MAX_DEPTH);
        assertThat(all(view.tree()).count() - 1 - 1 + view.ownerNotReported().size()).as("each once").isEqualTo(100);
    }

    @Test
    void withoutTheHostsUserNamespaceUserNamespacesWithoutAKnownParentAreRoots() {
        NodeNamespacesStatus status = new NodeNamespacesStatus(null, null, null, null, Map.of(),
                List.of(user("user:[10]", "user:[9]"), owned("net:[11]", "user:[10]")), List.of(), List.of(), List.of());

        NodeView view = NodeViews.fromNode("n", status);

        assertThat(ids(view.tree())).containsExactly("user:[10]");
        assertThat(ids(view.tree().get(0).children())).containsExactly("net:[11]");
        assertThat(view.conditions()).isEmpty();
    }

    private static NodeNamespacesStatus status(List<NamespaceEntry> entries) {
        return new NodeNamespacesStatus(null, null, null, null, Map.of("user", HOST_USER, "net", "net:[2]"), entries,
                List.of(), List.of(), List.of());
    }

    private static NamespaceEntry user(String id, String parent) {
        return new NamespaceEntry(id, "user", List.of("proc"), null, parent, 1, new Leader(1, "x"), List.of(), List.of(),
                List.of());
    }

    private static NamespaceEntry owned(String id, String owner) {
        return new NamespaceEntry(id, "net", List.of("proc"), owner, null, 1, null, List.of(), List.of(), List.of());
    }

    private static List<String> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    private static Stream<Entry> all(List<Entry> entries) {
        return entries.stream().flatMap(e -> Stream.concat(Stream.of(e), all(e.children())));
    }
}
