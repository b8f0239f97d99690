package io.lxkns.agent.engines.cri;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.engines.NamespaceModes.Mode;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.engines.UnixGrpc;
import io.lxkns.agent.engines.cri.api.ContainerEventResponse;
import io.lxkns.agent.engines.cri.api.ContainerState;
import io.lxkns.agent.engines.cri.api.ContainerStatusRequest;
import io.lxkns.agent.engines.cri.api.ContainerStatusResponse;
import io.lxkns.agent.engines.cri.api.GetEventsRequest;
import io.lxkns.agent.engines.cri.api.IDMapping;
import io.lxkns.agent.engines.cri.api.ListContainersRequest;
import io.lxkns.agent.engines.cri.api.ListPodSandboxRequest;
import io.lxkns.agent.engines.cri.api.NamespaceMode;
import io.lxkns.agent.engines.cri.api.NamespaceOption;
import io.lxkns.agent.engines.cri.api.PodSandboxState;
import io.lxkns.agent.engines.cri.api.PodSandboxStatus;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusRequest;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusResponse;
import io.lxkns.agent.engines.cri.api.RuntimeServiceGrpc;
import io.lxkns.agent.engines.cri.api.VersionRequest;
import io.lxkns.agent.engines.cri.api.VersionResponse;
import io.lxkns.crds.IdRange;
import io.lxkns.support.Daemons;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A CRI runtime ({@code runtime.v1.RuntimeService}) on a unix socket: containerd's CRI plugin or
 * CRI-O. Pods come from their sandboxes' metadata (what the kubelet asked for), not from labels; a
 * container's and a sandbox's PID from the verbose status.
 *
 * <p>Changes are followed through {@code GetContainerEvents} where the runtime offers it
 * (containerd 1.7+, CRI-O 1.26+); older runtimes are polled: a cheap list of ids and states every
 * {@link #POLL}, and a full list only when that changed.
 */
public final class CriClient implements EngineClient {
    /** At most this many sandboxes and containers are asked about in one list: a bound on a runtime's answer. */
    static final int MAX_LISTED = 2_000;
    static final Duration POLL = Duration.ofSeconds(1);
    /** The name the kubelet's tools show for a sandbox. */
    static final String SANDBOX_NAME = "POD";

    private final String socket;
    private final UnixGrpc grpc;
    private volatile String runtime;
    private List<Sandbox> sandboxes = List.of();

    public CriClient(String socket, Duration timeout) {
        this.socket = socket;
        this.grpc = new UnixGrpc("cri", socket, timeout);
    }

    @Override
    public EngineKind engine() {
        return EngineKind.CRI;
    }

    @Override
    public String endpoint() {
        return socket;
    }

    /**
     * The runtime's name and version ({@code containerd 1.6.20}); fails {@link
     * EngineException#notOffered} where the socket speaks no CRI (containerd with its CRI plugin off).
     */
    public String version() throws EngineException {
        try {
            VersionResponse version = stub().version(VersionRequest.newBuilder().setVersion("v1").build());
            return version.getRuntimeName() + " " + version.getRuntimeVersion();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                throw EngineException.notOffered("no CRI at " + socket + " (for containerd: its CRI plugin is off)", e);
            }
            throw grpc.failure("CRI", "version", e);
        }
    }

    /** Every running container, and every ready sandbox with a process, as a container. */
    @Override
    public List<Container> list() throws EngineException {
        if (runtime == null) {
            runtime = version();
        }
        try {
            Map<String, Sandbox> byId = new LinkedHashMap<>();
            for (var item : bounded(stub().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList())) {
                sandbox(item.getId()).ifPresent(sandbox -> byId.put(sandbox.id(), sandbox));
            }
            List<Container> containers = new ArrayList<>();
            for (Sandbox sandbox : byId.values()) {
                if (sandbox.ready() && sandbox.pid() > 0) {
                    containers.add(new Container(sandbox.id(), SANDBOX_NAME, EngineKind.CRI, null, socket, sandbox.pid(),
                            Map.of(), false, sandbox.pod()));
                }
            }
            for (var listed : bounded(stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList())) {
                if (listed.getState() == ContainerState.CONTAINER_RUNNING) {
                    container(listed.getId(), byId.get(listed.getPodSandboxId())).ifPresent(containers::add);
                }
            }
            sandboxes = List.copyOf(byId.values());
            return containers;
        } catch (StatusRuntimeException e) {
            throw grpc.failure("CRI", "list pods", e);
        }
    }

    @Override
    public List<Sandbox> sandboxes() {
        return sandboxes;
    }

    /** A sandbox's status; empty when it was removed meanwhile. */
    private Optional<Sandbox> sandbox(String id) {
        PodSandboxStatusResponse response;
        try {
            response = stub().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                    .setPodSandboxId(id).setVerbose(true).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        PodSandboxStatus status = response.getStatus();
        VerboseInfo info = VerboseInfo.parse(response.getInfoMap());
        var metadata = status.getMetadata();
        Pod pod = Pod.of(metadata.getNamespace(), metadata.getName(), metadata.getUid(), "", true);
        boolean ready = status.getState() == PodSandboxState.SANDBOX_READY;
        Instant created = status.getCreatedAt() > 0 ? Instant.EPOCH.plusNanos(status.getCreatedAt()) : null;
        NamespaceModes modes = status.getLinux().getNamespaces().hasOptions()
                ? modes(status.getLinux().getNamespaces().getOptions(), info) : null;
        return Optional.of(new Sandbox(status.getId(), pod, runtime, ready, created, modes, info.netnsPath(),
                ready ? info.pid() : 0));
    }

    /**
     * The modes the kubelet asked for. A runtime without user namespace support (containerd 1.6)
     * drops {@code userns_options} from the status even where the kubelet sent them: then the user
     * mode is unknown (null), not NODE. The maps come from the options, else from the runtime spec.
     */
    static NamespaceModes modes(NamespaceOption options, VerboseInfo info) {
        Mode user = options.hasUsernsOptions() ? mode(options.getUsernsOptions().getMode()) : null;
        List<IdRange> uids = options.getUsernsOptions().getUidsCount() > 0
                ? ranges(options.getUsernsOptions().getUidsList()) : info.uidMap();
        List<IdRange> gids = options.getUsernsOptions().getGidsCount() > 0
                ? ranges(options.getUsernsOptions().getGidsList()) : info.gidMap();
        return new NamespaceModes(mode(options.getNetwork()), mode(options.getPid()), mode(options.getIpc()),
                options.getTargetId().isEmpty() ? null : options.getTargetId(), user,
                user == Mode.POD ? uids : List.of(), user == Mode.POD ? gids : List.of());
    }

    private static Mode mode(NamespaceMode mode) {
        return switch (mode) {
            case CONTAINER -> Mode.CONTAINER;
            case NODE -> Mode.NODE;
            case TARGET -> Mode.TARGET;
            default -> Mode.POD;
        };
    }

    private static List<IdRange> ranges(List<IDMapping> mappings) {
        return mappings.stream().limit(IdRange.MAX_MAP_LINES)
                .map(m -> new IdRange(m.getContainerId(), m.getHostId(), m.getLength())).toList();
    }

    /** A running container with its PID; empty when it stopped or went meanwhile. */
    private Optional<Container> container(String id, Sandbox sandbox) {
        ContainerStatusResponse response;
        try {
            response = stub().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).setVerbose(true).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        var status = response.getStatus();
        int pid = VerboseInfo.parse(response.getInfoMap()).pid();
        if (status.getState() != ContainerState.CONTAINER_RUNNING || pid == 0) {
            return Optional.empty();
        }
        String name = status.getMetadata().getName();
        Pod pod = sandbox == null || sandbox.pod() == null ? null : Pod.of(sandbox.pod().namespace(),
                sandbox.pod().name(), sandbox.pod().uid(), name, false);
        return Optional.of(new Container(status.getId(), pod != null ? name : status.getId(), EngineKind.CRI, null,
                socket, pid, status.getLabelsMap(), false, pod));
    }

    @Override
    public Optional<Container> inspect(String engineNamespace, String id) throws EngineException {
        // Changes are relisted (a container's pod needs its sandbox); one id is looked up in a full list.
        return list().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public Closeable subscribe(Listener listener) {
        Events events = new Events(listener);
        RuntimeServiceGrpc.newStub(grpc.channel()).getContainerEvents(GetEventsRequest.getDefaultInstance(), events);
        return events::close;
    }

    /**
     * Follows the event stream; where the runtime has none, polls. Every change asks for a relist
     * (a null container id): an event names a container, but its pod and sandbox change with it.
     */
    private final class Events implements ClientResponseObserver<GetEventsRequest, ContainerEventResponse> {
        private final Listener listener;
        private volatile ClientCallStreamObserver<GetEventsRequest> call;
        private volatile ScheduledExecutorService poller;
        private volatile boolean closed;

        Events(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GetEventsRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(ContainerEventResponse event) {
            listener.changed(null, null);
        }

        @Override
        public void onError(Throwable t) {
            if (closed) {
                return;
            }
            if (t instanceof StatusRuntimeException e && e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                poll();
            } else {
                listener.failed(t);
            }
        }

        @Override
        public void onCompleted() {
            if (!closed) {
                listener.failed(new EngineException("the CRI runtime at " + socket + " closed its event stream", null));
            }
        }

        private void poll() {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Daemons.named("lxkns-cri-poll"));
            poller = executor;
            if (closed) {
                executor.shutdownNow();
                return;
            }
            String[] last = {null};
            executor.scheduleWithFixedDelay(() -> {
                try {
                    String now = fingerprint();
                    if (last[0] != null && !last[0].equals(now)) {
                        listener.changed(null, null);
                    }
                    last[0] = now;
                } catch (StatusRuntimeException e) {
                    executor.shutdownNow();
                    listener.failed(e);
                }
            }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
        }

        void close() {
            closed = true;
            ClientCallStreamObserver<GetEventsRequest> active = call;
            if (active != null) {
                active.cancel("unsubscribed", null);
            }
            ScheduledExecutorService executor = poller;
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    /** Ids and states of every sandbox and container: what changes when a pod does. */
    private String fingerprint() {
        StringBuilder text = new StringBuilder();
        stub().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()
                .forEach(s -> text.append(s.getId()).append(s.getStateValue()).append(','));
        stub().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()
                .forEach(c -> text.append(c.getId()).append(c.getStateValue()).append(','));
        return text.toString();
    }

    private static <T> List<T> bounded(List<T> items) {
        return items.size() <= MAX_LISTED ? items : items.subList(0, MAX_LISTED);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub() {
        return grpc.deadline(RuntimeServiceGrpc.newBlockingStub(grpc.channel()));
    }

    @Override
    public void close() {
        grpc.close();
    }
}
