package io.lxkns.discovery;

import static io.lxkns.discovery.StageHarness.PROC;
import static io.lxkns.discovery.StageHarness.SELF;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.testing.Spawned;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task stage alone ({@link TaskScan} after {@link ProcessScan}): threads in namespaces their
 * process is not in, in this JVM (a thread of ours unshares) and in a single-threaded process.
 */
class TaskScanIT {

    @BeforeAll
    static void prepare() {
        StageHarness.prepare();
    }

    @Test
    void threadThatUnsharesItsNetAndUtsNamespaceIsALooseThread() throws Exception {
        try (UnsharingThread thread = UnsharingThread.start(NamespaceType.NET.cloneFlag() | NamespaceType.UTS.cloneFlag())) {
            Path taskDir = Path.of("/proc", Integer.toString(SELF), "task", Integer.toString(thread.tid));
            NamespaceId net = StageHarness.link(taskDir.resolve("ns/net"));
            NamespaceId uts = StageHarness.link(taskDir.resolve("ns/uts"));
            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                ProcessInfo self = builder.processes.get(SELF);
                assertThat(self.threads()).isGreaterThan(1);
                assertThat(net).isNotEqualTo(self.namespace(NamespaceType.NET));
                assertThat(uts).isNotEqualTo(self.namespace(NamespaceType.UTS));
                assertThat(builder.namespaces).as("the process scan alone sees no thread").doesNotContainKeys(net, uts);

                new TaskScan(PROC, builder).run();

                for (NamespaceId id : new NamespaceId[] {net, uts}) {
                    NamespaceDraft draft = builder.namespaces.get(id);
                    assertThat(draft).as("%s of thread %d", id, thread.tid).isNotNull();
                    assertThat(draft.sources).as("sources of %s", id).containsExactly(Source.TASK);
                    assertThat(draft.looseThreads).as("loose threads of %s", id).containsExactly(thread.tid);
                    assertThat(draft.handles).extracting(NamespaceDraft.Handle::path).as("paths to %s", id)
                            .containsExactly(taskDir.resolve("ns").resolve(id.type().procName()));
                }
                // Every other thread of ours is in the process's namespaces: no other loose thread of ours.
                assertThat(builder.namespaces.values())
                        .filteredOn(draft -> draft.sources.contains(Source.TASK))
                        .filteredOn(draft -> draft.handles.stream().anyMatch(h -> h.path().startsWith("/proc/" + SELF + "/")))
                        .extracting(draft -> draft.id)
                        .containsExactlyInAnyOrder(net, uts);
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        }
    }

    /**
     * A thread that unshares its time namespace stays in its old one; only its future children go to
     * the new one ({@code time_for_children}). That namespace is found, but the thread is no member.
     * (Time rather than PID: a new PID namespace's link reads ENOENT until its first process exists.)
     */
    @Test
    void threadWhoseTimeNamespaceForChildrenDiffersIsNoMemberOfIt() throws Exception {
        try (UnsharingThread thread = UnsharingThread.start(NamespaceType.TIME.cloneFlag())) {
            Path taskDir = Path.of("/proc", Integer.toString(SELF), "task", Integer.toString(thread.tid));
            NamespaceId forChildren = StageHarness.link(taskDir.resolve("ns/time_for_children"));
            NamespaceId own = StageHarness.link(taskDir.resolve("ns/time"));
            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                assertThat(forChildren).isNotEqualTo(own);
                assertThat(own).isEqualTo(builder.processes.get(SELF).namespace(NamespaceType.TIME));
                assertThat(builder.namespaces).doesNotContainKey(forChildren);

                new TaskScan(PROC, builder).run();

                NamespaceDraft draft = builder.namespaces.get(forChildren);
                assertThat(draft).as("the time namespace thread %d's children would go to", thread.tid).isNotNull();
                assertThat(draft.sources).containsExactly(Source.TASK);
                assertThat(draft.looseThreads).as("a thread is not in its time_for_children namespace").isEmpty();
                assertThat(draft.handles).extracting(NamespaceDraft.Handle::path).containsExactly(taskDir.resolve("ns/time_for_children"));
                assertThat(builder.namespaces.get(own).looseThreads).doesNotContain(thread.tid);
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        }
    }

    @Test
    void nothingIsRecordedForASingleThreadedProcess() throws Exception {
        try (Spawned spawned = Spawned.start("unshare", "--uts", "--net", "sleep", "300")) {
            int sleep = spawned.awaitProcess("sleep");
            NamespaceId uts = StageHarness.namespaceOf(sleep, NamespaceType.UTS);
            NamespaceId net = StageHarness.namespaceOf(sleep, NamespaceType.NET);
            Map<Integer, String> before = StageHarness.openFds();
            ResultBuilder builder = StageHarness.processes();
            try {
                ProcessInfo process = builder.processes.get(sleep);
                assertThat(process.threads()).isEqualTo(1);
                assertThat(process.namespaces()).containsEntry(NamespaceType.UTS, uts).containsEntry(NamespaceType.NET, net);
                Map<NamespaceId, String> sourcesBefore = new HashMap<>();
                builder.namespaces.forEach((id, draft) -> sourcesBefore.put(id, draft.sources.toString()));

                new TaskScan(PROC, builder).run();

                for (NamespaceId id : process.namespaces().values()) {
                    NamespaceDraft draft = builder.namespaces.get(id);
                    assertThat(draft.sources.toString()).as("sources of %s of sleep", id).isEqualTo(sourcesBefore.get(id));
                    assertThat(draft.looseThreads).as("loose threads of %s", id).doesNotContain(sleep);
                }
                assertThat(builder.namespaces.get(uts).sources).containsExactly(Source.PROC);
                assertThat(builder.namespaces.get(net).sources).containsExactly(Source.PROC);
                assertThat(builder.namespaces.values())
                        .as("nothing read through the tasks of single-threaded sleep")
                        .noneMatch(draft -> draft.handles.stream().anyMatch(h -> h.path().startsWith("/proc/" + sleep + "/task")));
            } finally {
                builder.closeHeldDescriptors();
            }
            StageHarness.assertNoDescriptorLeft(before);
        }
    }
}
