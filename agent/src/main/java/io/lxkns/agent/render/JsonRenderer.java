package io.lxkns.agent.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.node.UserMaps;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.FdRef;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Writes the JSON contract of {@code lxkns ls -o json}, documented in docs/json.md. Fields are only
 * ever added, never renamed or removed; {@link #SCHEMA_VERSION} changes only on a breaking change.
 */
public final class JsonRenderer {
    public static final int SCHEMA_VERSION = 1;

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonRenderer() {}

    /** Everything, container labels included: for {@code lxkns ls -o json} on this machine. */
    public static void write(NodeView view, Collection<Namespace> namespaces, Writer out) throws IOException {
        write(view, namespaces, key -> true, out);
    }

    /** As {@link #write(NodeView, Collection, Writer)}, with only the container labels whose keys {@code labels} allows. */
    public static void write(NodeView view, Collection<Namespace> namespaces, Predicate<String> labels, Writer out)
            throws IOException {
        DiscoveryResult result = view.discovery();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            writeNode(result, json);
            writeDiscovery(result, json);
            json.writeArrayFieldStart("namespaces");
            for (Namespace ns : namespaces) {
                writeNamespace(ns, view.containersIn(ns.id()), json);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("processes");
            for (ProcessInfo process : result.processes().values()) {
                writeProcess(process, view.containerOfPid().get(process.pid()), json);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("containers");
            for (Container container : view.containers()) {
                writeContainer(container, labels, json);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("engines");
            for (EngineSnapshot engine : view.engines()) {
                json.writeStartObject();
                json.writeStringField("engine", engine.engine().label());
                json.writeStringField("endpoint", engine.endpoint());
                json.writeBooleanField("up", engine.up());
                json.writeStringField("error", engine.error());
                json.writeNumberField("containers", engine.containers().size());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("sandboxes");
            for (EngineSnapshot engine : view.engines()) {
                for (Sandbox sandbox : engine.sandboxes()) {
                    writeSandbox(sandbox, view, json);
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("warnings");
            for (Warning warning : result.warnings()) {
                json.writeString(warning.message());
            }
            for (String warning : view.engineWarnings()) {
                json.writeString(warning);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void writeNode(DiscoveryResult result, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("node");
        json.writeStringField("hostname", result.node().hostname());
        json.writeStringField("bootId", result.node().bootId());
        json.writeStringField("kernel", result.node().kernel());
        json.writeEndObject();
    }

    private static void writeDiscovery(DiscoveryResult result, JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("discovery");
        json.writeStringField("startedAt", result.startedAt().toString());
        json.writeNumberField("durationMs", result.duration().toNanos() / 1e6);
        json.writeObjectFieldStart("stagesMs");
        for (var stage : result.stageDurations().entrySet()) {
            json.writeNumberField(stage.getKey(), stage.getValue().toNanos() / 1e6);
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeNamespace(Namespace ns, List<Container> containers, JsonGenerator json)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("id", ns.id().toString());
        json.writeStringField("type", ns.type().procName());
        json.writeNumberField("inode", ns.id().inode());
        json.writeNumberField("dev", ns.dev());
        json.writeBooleanField("initial", ns.initial());
        json.writeArrayFieldStart("sources");
        for (Source source : Source.values()) {
            if (ns.sources().contains(source)) {
                json.writeString(source.jsonName());
            }
        }
        json.writeEndArray();
        writeId("owner", ns.owner(), json);
        writeId("parent", ns.parent(), json);
        writeNumberOrNull("ownerUid", ns.ownerUid() == null ? null : Integer.toUnsignedLong(ns.ownerUid()), json);
        json.writeNumberField("processCount", ns.processCount());
        writeInts("leaders", ns.leaders(), json);
        writeInts("looseThreads", ns.looseThreads(), json);
        json.writeArrayFieldStart("bindMounts");
        for (BindMount mount : ns.bindMounts()) {
            json.writeStartObject();
            json.writeStringField("path", mount.path());
            json.writeStringField("mountNamespace", mount.mountNamespace().toString());
            json.writeEndObject();
        }
        json.writeEndArray();
        writeFdRefs("fdRefs", ns.fdRefs(), json);
        writeFdRefs("socketRefs", ns.socketRefs(), json);
        writeNumberOrNull("mountCount", ns.mountCount() == null ? null : ns.mountCount().longValue(), json);
        json.writeNumberField("unlisted", ns.unlisted());
        json.writeArrayFieldStart("containers");
        for (Container container : containers) {
            json.writeString(container.id());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeContainer(Container container, Predicate<String> labels, JsonGenerator json)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("id", container.id());
        json.writeStringField("name", container.name());
        json.writeStringField("engine", container.engine().label());
        json.writeStringField("engineNamespace", container.engineNamespace());
        json.writeNumberField("pid", container.pid());
        json.writeObjectFieldStart("labels");
        for (var label : new TreeMap<>(container.labels()).entrySet()) {
            if (labels.test(label.getKey())) {
                json.writeStringField(label.getKey(), label.getValue());
            }
        }
        json.writeEndObject();
        json.writeBooleanField("paused", container.paused());
        writePod(container.pod(), true, json);
        json.writeEndObject();
    }

    /** A pod's identity; for a container also its name in the pod and whether it is the sandbox. */
    private static void writePod(Pod pod, boolean ofContainer, JsonGenerator json) throws IOException {
        if (pod == null) {
            json.writeNullField("pod");
            return;
        }
        json.writeObjectFieldStart("pod");
        json.writeStringField("namespace", pod.namespace());
        json.writeStringField("name", pod.name());
        json.writeStringField("uid", pod.uid());
        if (ofContainer) {
            json.writeStringField("container", pod.container());
            json.writeBooleanField("sandbox", pod.sandbox());
        }
        json.writeEndObject();
    }

    /** A CRI runtime's pod sandbox: what the kubelet asked for, and the user namespace maps the kernel has. */
    private static void writeSandbox(Sandbox sandbox, NodeView view, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", sandbox.id());
        json.writeStringField("runtime", sandbox.runtime());
        json.writeStringField("state", sandbox.ready() ? "ready" : "notready");
        json.writeStringField("created", sandbox.created() == null ? null : sandbox.created().toString());
        writePod(sandbox.pod(), false, json);
        json.writeNumberField("pid", sandbox.pid());
        json.writeStringField("netnsPath", sandbox.netnsPath());
        NamespaceModes modes = sandbox.modes();
        if (modes == null) {
            json.writeNullField("modes");
        } else {
            json.writeObjectFieldStart("modes");
            json.writeStringField("net", modes.network().label());
            json.writeStringField("pid", modes.pid().label());
            json.writeStringField("ipc", modes.ipc().label());
            json.writeStringField("user", modes.user() == null ? null : modes.user().label());
            json.writeStringField("targetId", modes.targetId());
            writeStrings("uidMap", modes.uidMap(), json);
            writeStrings("gidMap", modes.gidMap(), json);
            json.writeEndObject();
        }
        ProcessInfo process = view.discovery().processes().get(sandbox.pid());
        NamespaceId user = process == null ? null : process.namespace(NamespaceType.USER);
        UserMaps observed = user == null ? null : view.userMaps().get(user);
        if (observed == null) {
            json.writeNullField("userMaps");
        } else {
            json.writeObjectFieldStart("userMaps");
            writeId("namespace", user, json);
            writeStrings("uidMap", observed.uids(), json);
            writeStrings("gidMap", observed.gids(), json);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeStrings(String field, Collection<?> values, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart(field);
        for (Object value : values) {
            json.writeString(value.toString());
        }
        json.writeEndArray();
    }

    private static void writeProcess(ProcessInfo process, Container container, JsonGenerator json)
            throws IOException {
        json.writeStartObject();
        json.writeNumberField("pid", process.pid());
        json.writeNumberField("ppid", process.ppid());
        json.writeStringField("comm", process.comm());
        json.writeStringField("state", String.valueOf(process.state()));
        json.writeNumberField("uid", Integer.toUnsignedLong(process.uid()));
        json.writeNumberField("starttime", process.starttime());
        json.writeNumberField("threads", process.threads());
        json.writeObjectFieldStart("namespaces");
        for (NamespaceType type : NamespaceType.values()) {
            writeIdIfPresent(type.procName(), process.namespaces().get(type), json);
        }
        for (Map.Entry<NamespaceType, NamespaceId> entry : new TreeMap<>(process.forChildren()).entrySet()) {
            writeIdIfPresent(entry.getKey().procName() + "_for_children", entry.getValue(), json);
        }
        json.writeEndObject();
        writeInts("nspids", process.nspids(), json);
        json.writeStringField("cgroup", process.cgroup());
        json.writeObjectField("frozen", process.frozen());
        json.writeStringField("container", container == null ? null : container.id());
        json.writeEndObject();
    }

    private static void writeFdRefs(String field, Collection<FdRef> refs, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart(field);
        for (FdRef ref : refs) {
            json.writeStartObject();
            json.writeNumberField("pid", ref.pid());
            json.writeNumberField("fd", ref.fd());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void writeId(String field, NamespaceId id, JsonGenerator json) throws IOException {
        json.writeStringField(field, id == null ? null : id.toString());
    }

    private static void writeNumberOrNull(String field, Long value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static void writeIdIfPresent(String field, NamespaceId id, JsonGenerator json) throws IOException {
        if (id != null) {
            json.writeStringField(field, id.toString());
        }
    }

    private static void writeInts(String field, Collection<Integer> values, JsonGenerator json) throws IOException {
        json.writeArrayFieldStart(field);
        for (int value : values) {
            json.writeNumber(value);
        }
        json.writeEndArray();
    }
}
