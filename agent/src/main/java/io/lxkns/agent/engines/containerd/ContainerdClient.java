package io.lxkns.agent.engines.containerd;

import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.UnixGrpc;
import io.lxkns.agent.engines.containerd.api.ContainerEvent;
import io.lxkns.agent.engines.containerd.api.ContainersGrpc;
import io.lxkns.agent.engines.containerd.api.Envelope;
import io.lxkns.agent.engines.containerd.api.EventsGrpc;
import io.lxkns.agent.engines.containerd.api.GetContainerRequest;
import io.lxkns.agent.engines.containerd.api.GetRequest;
import io.lxkns.agent.engines.containerd.api.ListContainersRequest;
import io.lxkns.agent.engines.containerd.api.ListNamespacesRequest;
import io.lxkns.agent.engines.containerd.api.ListTasksRequest;
import io.lxkns.agent.engines.containerd.api.NamespacesGrpc;
import io.lxkns.agent.engines.containerd.api.SubscribeRequest;
import io.lxkns.agent.engines.containerd.api.TaskProcess;
import io.lxkns.agent.engines.containerd.api.TaskStatus;
import io.lxkns.agent.engines.containerd.api.TasksGrpc;
import io.lxkns.agent.engines.containerd.api.VersionGrpc;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** containerd's gRPC API on a unix socket. */
public final class ContainerdClient implements EngineClient {
    private static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);
    private static final List<String> WATCHED_TOPICS = List.of("/tasks/", "/containers/");

    private final String socket;
    private final UnixGrpc grpc;
    private final ManagedChannel channel;

    public ContainerdClient(String socket, Duration timeout) {
        this.socket = socket;
        this.grpc = new UnixGrpc("containerd", socket, timeout);
        this.channel = grpc.channel();
    }

    @Override
    public EngineKind engine() {
        return EngineKind.CONTAINERD;
    }

    @Override
    public String endpoint() {
        return socket;
    }

    /** The daemon's version: a cheap way to tell a live containerd from a stale socket. */
    public String version() throws EngineException {
        try {
            return deadline(VersionGrpc.newBlockingStub(channel)).version(Empty.getDefaultInstance()).getVersion();
        } catch (StatusRuntimeException e) {
            throw failure("version", e);
        }
    }

    @Override
    public List<Container> list() throws EngineException {
        List<Container> containers = new ArrayList<>();
        try {
            for (var namespace : deadline(NamespacesGrpc.newBlockingStub(channel))
                    .list(ListNamespacesRequest.getDefaultInstance()).getNamespacesList()) {
                containers.addAll(list(namespace.getName()));
            }
        } catch (StatusRuntimeException e) {
            throw failure("list containers", e);
        }
        return containers;
    }

    private List<Container> list(String namespace) {
        Map<String, TaskProcess> tasks = new HashMap<>();
        for (TaskProcess task : in(namespace, TasksGrpc.newBlockingStub(channel))
                .list(ListTasksRequest.getDefaultInstance()).getTasksList()) {
            tasks.put(containerIdOf(task), task);
        }
        List<Container> containers = new ArrayList<>();
        for (var container : in(namespace, ContainersGrpc.newBlockingStub(channel))
                .list(ListContainersRequest.getDefaultInstance()).getContainersList()) {
            toContainer(namespace, container, tasks.get(container.getId())).ifPresent(containers::add);
        }
        return containers;
    }

    /**
     * The container a task belongs to. containerd 1.6 leaves {@code container_id} empty in task
     * lists and puts the container id in the process {@code id} (the init process's id is its
     * container's); later versions fill both.
     */
    private static String containerIdOf(TaskProcess task) {
        return task.getContainerId().isEmpty() ? task.getId() : task.getContainerId();
    }

    @Override
    public Optional<Container> inspect(String namespace, String id) throws EngineException {
        try {
            var container = in(namespace, ContainersGrpc.newBlockingStub(channel))
                    .get(GetContainerRequest.newBuilder().setId(id).build()).getContainer();
            TaskProcess task = in(namespace, TasksGrpc.newBlockingStub(channel))
                    .get(GetRequest.newBuilder().setContainerId(id).build()).getProcess();
            return toContainer(namespace, container, task);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure("inspect " + namespace + "/" + id, e);
        }
    }

    /** A container with a live task; one that is only created or has stopped has no namespaces. */
    private Optional<Container> toContainer(String namespace,
            io.lxkns.agent.engines.containerd.api.Container container, TaskProcess task) {
        if (task == null || task.getPid() == 0 || task.getStatus() == TaskStatus.STOPPED) {
            return Optional.empty();
        }
        Map<String, String> labels = container.getLabelsMap();
        Pod pod = Pod.fromLabels(labels);
        String name = pod != null && !pod.container().isEmpty() ? pod.container() : container.getId();
        boolean paused = task.getStatus() == TaskStatus.PAUSED || task.getStatus() == TaskStatus.PAUSING;
        return Optional.of(new Container(container.getId(), name, EngineKind.CONTAINERD, namespace, socket,
                task.getPid(), labels, paused, pod));
    }

    @Override
    public Closeable subscribe(Listener listener) {
        EventObserver observer = new EventObserver(listener);
        EventsGrpc.newStub(channel).subscribe(SubscribeRequest.getDefaultInstance(), observer);
        return observer::cancel;
    }

    /** Turns task and container events into container ids; Subscribe needs no namespace header. */
    private static final class EventObserver implements ClientResponseObserver<SubscribeRequest, Envelope> {
        private final Listener listener;
        private volatile ClientCallStreamObserver<SubscribeRequest> call;

        EventObserver(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(Envelope envelope) {
            if (WATCHED_TOPICS.stream().noneMatch(envelope.getTopic()::startsWith)) {
                return;
            }
            try {
                // Any type URLs carry no type.googleapis.com/ prefix here: read the payload by field
                // number instead of unpacking it by type.
                String id = ContainerEvent.parseFrom(envelope.getEvent().getValue()).getContainerId();
                if (!id.isEmpty()) {
                    listener.changed(envelope.getNamespace(), id);
                }
            } catch (InvalidProtocolBufferException e) {
                // an event we cannot read is one we cannot act on
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!(t instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.CANCELLED)) {
                listener.failed(t);
            }
        }

        @Override
        public void onCompleted() {
            listener.failed(new EngineException("containerd closed the event stream", null));
        }

        void cancel() {
            ClientCallStreamObserver<SubscribeRequest> active = call;
            if (active != null) {
                active.cancel("unsubscribed", null);
            }
        }
    }

    private <S extends AbstractStub<S>> S in(String namespace, S stub) {
        Metadata headers = new Metadata();
        headers.put(NAMESPACE_HEADER, namespace);
        return deadline(stub).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private <S extends AbstractStub<S>> S deadline(S stub) {
        return grpc.deadline(stub);
    }

    private EngineException failure(String what, StatusRuntimeException e) {
        return grpc.failure("containerd", what, e);
    }

    @Override
    public void close() {
        grpc.close();
    }
}
