package io.lxkns.agent.engines.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.EngineClient;
import io.lxkns.agent.engines.EngineException;
import io.lxkns.agent.engines.NamespaceModes.Mode;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.engines.cri.api.ContainerEventResponse;
import io.lxkns.agent.engines.cri.api.ContainerMetadata;
import io.lxkns.agent.engines.cri.api.ContainerState;
import io.lxkns.agent.engines.cri.api.ContainerStatus;
import io.lxkns.agent.engines.cri.api.ContainerStatusRequest;
import io.lxkns.agent.engines.cri.api.ContainerStatusResponse;
import io.lxkns.agent.engines.cri.api.GetEventsRequest;
import io.lxkns.agent.engines.cri.api.IDMapping;
import io.lxkns.agent.engines.cri.api.LinuxPodSandboxStatus;
import io.lxkns.agent.engines.cri.api.ListContainersRequest;
import io.lxkns.agent.engines.cri.api.ListContainersResponse;
import io.lxkns.agent.engines.cri.api.ListPodSandboxRequest;
import io.lxkns.agent.engines.cri.api.ListPodSandboxResponse;
import io.lxkns.agent.engines.cri.api.Namespace;
import io.lxkns.agent.engines.cri.api.NamespaceMode;
import io.lxkns.agent.engines.cri.api.NamespaceOption;
import io.lxkns.agent.engines.cri.api.PodSandbox;
import io.lxkns.agent.engines.cri.api.PodSandboxMetadata;
import io.lxkns.agent.engines.cri.api.PodSandboxState;
import io.lxkns.agent.engines.cri.api.PodSandboxStatus;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusRequest;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusResponse;
import io.lxkns.agent.engines.cri.api.RuntimeServiceGrpc;
import io.lxkns.agent.engines.cri.api.UserNamespace;
import io.lxkns.agent.engines.cri.api.VersionRequest;
import io.lxkns.agent.engines.cri.api.VersionResponse;
import io.lxkns.crds.IdRange;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CRI client against a runtime that answers as CRI-O does (see src/test/resources/cri-o/README.md
 * for where those answers come from): pods without an infra container, user-namespaced pods, pinned
 * namespace paths, not-ready sandboxes, the event stream, and a runtime that has none.
 */
class RecordedCrioTest {
    private static final String WEB = "41d7a0c4e5f6";
    private static final String BATCH = "9e0ab1c2d3e4";
    private static final String OLD = "77aa0b1c2d3e";
    private static final String HOSTILE = "66bb0c1d2e3f";

    private final Path socket = Path.of("/tmp", "lxkns-crio-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".sock");
    private final MultiThreadIoEventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final List<StreamObserver<ContainerEventResponse>> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean eventsImplemented = true;
    private volatile boolean webRunning = true;
    private Server server;

    private void start() throws IOException {
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(loop)
                .workerEventLoopGroup(loop)
                .addService(new Crio())
                .build()
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Files.deleteIfExists(socket);
    }

    @Test
    void podsSandboxesAndContainersAsCrioReportsThem() throws Exception {
        start();
        try (CriClient client = new CriClient(socket.toString(), Duration.ofSeconds(2))) {
            assertThat(client.version()).isEqualTo("cri-o 1.30.4");
            List<Container> containers = client.list();
            List<Sandbox> sandboxes = client.sandboxes();

            assertThat(sandboxes).extracting(Sandbox::id).containsExactly(WEB, BATCH, OLD, HOSTILE);
            Sandbox web = sandboxes.get(0);
            assertThat(web.runtime()).isEqualTo("cri-o 1.30.4");
            assertThat(web.ready()).isTrue();
            assertThat(web.pid()).isEqualTo(4242);
            assertThat(web.pod().qualifiedName()).isEqualTo("shop/web");
            assertThat(web.pod().uid()).isEqualTo("1c2d3e4f-0000-4000-8000-000000000001");
            assertThat(web.netnsPath()).isEqualTo("/var/run/netns/0b6a3c1e-2f4d-4e55-9a61-7f0c2d8e1a11");
            assertThat(web.modes().network()).isEqualTo(Mode.POD);
            assertThat(web.modes().pid()).isEqualTo(Mode.CONTAINER);
            assertThat(web.modes().user()).isEqualTo(Mode.NODE);
            assertThat(web.modes().uidMap()).isEmpty();

            // No infra container (drop_infra_ctr): no sandbox process, but the pinned netns and the maps.
            Sandbox batch = sandboxes.get(1);
            assertThat(batch.pid()).isZero();
            assertThat(batch.netnsPath()).isEqualTo("/var/run/netns/5e1f9a7b-0c3d-4b2a-8e6f-1a2b3c4d5e6f");
            assertThat(batch.modes().user()).isEqualTo(Mode.POD);
            assertThat(batch.modes().uidMap()).containsExactly(new IdRange(0, 1879048192L, 65536));
            assertThat(batch.modes().gidMap()).containsExactly(new IdRange(0, 1879048192L, 65536));

            Sandbox old = sandboxes.get(2);
            assertThat(old.ready()).isFalse();
            assertThat(old.pid()).isZero();
            assertThat(old.netnsPath()).isEqualTo("/var/run/netns/old-gone");

            // A sandbox someone made with a name Kubernetes would refuse names no pod.
            assertThat(sandboxes.get(3).pod()).isNull();

            // The web sandbox (it has a process) and the two running containers; not the exited one.
            assertThat(containers).extracting(Container::id).containsExactly(WEB, "c-nginx", "c-job");
            assertThat(containers.get(0).pod().sandbox()).isTrue();
            assertThat(containers.get(0).pid()).isEqualTo(4242);
            Container nginx = containers.get(1);
            assertThat(nginx.pid()).isEqualTo(4300);
            assertThat(nginx.name()).isEqualTo("nginx");
            assertThat(nginx.pod().qualifiedName()).isEqualTo("shop/web");
            assertThat(nginx.pod().container()).isEqualTo("nginx");
            assertThat(nginx.pod().sandbox()).isFalse();
            assertThat(containers.get(2).pod().qualifiedName()).isEqualTo("jobs/batch");
        }
    }

    @Test
    void eachEventAsksForOneRelist() throws Exception {
        start();
        try (CriClient client = new CriClient(socket.toString(), Duration.ofSeconds(2))) {
            Changes changes = new Changes(1);
            try (Closeable subscription = client.subscribe(changes)) {
                awaitSubscriber();
                subscribers.forEach(s -> s.onNext(ContainerEventResponse.newBuilder().setContainerId("c-nginx").build()));
                assertThat(changes.latch.await(5, TimeUnit.SECONDS)).as("an event reached the listener").isTrue();
                assertThat(changes.seen).containsOnly("null/null");
            }
        }
    }

    @Test
    void aRuntimeWithoutAnEventStreamIsPolled() throws Exception {
        eventsImplemented = false;
        start();
        try (CriClient client = new CriClient(socket.toString(), Duration.ofSeconds(2))) {
            Changes changes = new Changes(1);
            try (Closeable subscription = client.subscribe(changes)) {
                Thread.sleep(CriClient.POLL.toMillis() * 2); // the first poll only learns the state
                assertThat(changes.latch.getCount()).as("no change, no relist").isEqualTo(1);
                webRunning = false;
                assertThat(changes.latch.await(5, TimeUnit.SECONDS)).as("a poll saw the change").isTrue();
                assertThat(changes.failures).isEmpty();
            }
        }
    }

    @Test
    void aSocketWithoutTheCriIsNotOffered() throws Exception {
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(loop).workerEventLoopGroup(loop)
                .build().start(); // no services at all: every call is UNIMPLEMENTED, as from containerd without CRI
        try (CriClient client = new CriClient(socket.toString(), Duration.ofSeconds(2))) {
            assertThatThrownBy(client::list).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.notOffered()).isTrue();
                assertThat(e.getMessage()).contains("no CRI at " + socket);
            });
        }
    }

    private void awaitSubscriber() throws InterruptedException {
        for (int i = 0; i < 100 && subscribers.isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(subscribers).as("the client subscribed").isNotEmpty();
    }

    private static final class Changes implements EngineClient.Listener {
        final CountDownLatch latch;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        Changes(int expected) {
            latch = new CountDownLatch(expected);
        }

        @Override
        public void changed(String engineNamespace, String containerId) {
            seen.add(engineNamespace + "/" + containerId);
            latch.countDown();
        }

        @Override
        public void failed(Throwable cause) {
            failures.add(cause);
        }
    }

    private static String resource(String name) {
        try (InputStream in = RecordedCrioTest.class.getResourceAsStream("/cri-o/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource cri-o/" + name + " is missing", e);
        }
    }

    /** Answers as CRI-O does for four sandboxes and three containers. */
    private final class Crio extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
            answer(out, VersionResponse.newBuilder().setVersion("0.1.0").setRuntimeName("cri-o")
                    .setRuntimeVersion("1.30.4").setRuntimeApiVersion("v1").build());
        }

        @Override
        public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> out) {
            ListPodSandboxResponse.Builder list = ListPodSandboxResponse.newBuilder();
            for (String id : List.of(WEB, BATCH, OLD, HOSTILE)) {
                PodSandboxStatus status = status(id);
                list.addItems(PodSandbox.newBuilder().setId(id).setMetadata(status.getMetadata()).setState(status.getState()));
            }
            answer(out, list.build());
        }

        @Override
        public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> out) {
            String id = request.getPodSandboxId();
            PodSandboxStatusResponse.Builder response = PodSandboxStatusResponse.newBuilder().setStatus(status(id));
            if (request.getVerbose()) {
                response.putAllInfo(Map.of("info", switch (id) {
                    case WEB -> resource("sandbox-infra.json");
                    case BATCH -> resource("sandbox-spoofed-userns.json");
                    case OLD -> "{\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":\"/var/run/netns/old-gone\"}]}}}";
                    default -> "{not json";
                }));
            }
            answer(out, response.build());
        }

        private PodSandboxStatus status(String id) {
            NamespaceOption.Builder options = NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD)
                    .setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.POD)
                    .setUsernsOptions(UserNamespace.newBuilder().setMode(NamespaceMode.NODE));
            PodSandboxMetadata.Builder metadata = PodSandboxMetadata.newBuilder();
            switch (id) {
                case WEB -> metadata.setNamespace("shop").setName("web").setUid("1c2d3e4f-0000-4000-8000-000000000001");
                case BATCH -> {
                    metadata.setNamespace("jobs").setName("batch").setUid("1c2d3e4f-0000-4000-8000-000000000002");
                    IDMapping range = IDMapping.newBuilder().setHostId(1879048192).setContainerId(0).setLength(65536).build();
                    options.setUsernsOptions(UserNamespace.newBuilder().setMode(NamespaceMode.POD).addUids(range).addGids(range));
                }
                case OLD -> metadata.setNamespace("shop").setName("web").setUid("1c2d3e4f-0000-4000-8000-000000000000");
                default -> metadata.setNamespace("default").setName("../../etc/passwd\u001b[2J").setUid("x");
            }
            return PodSandboxStatus.newBuilder().setId(id).setMetadata(metadata).setCreatedAt(1_764_000_000_000_000_000L)
                    .setState(id.equals(OLD) ? PodSandboxState.SANDBOX_NOTREADY : PodSandboxState.SANDBOX_READY)
                    .setLinux(LinuxPodSandboxStatus.newBuilder().setNamespaces(Namespace.newBuilder().setOptions(options)))
                    .build();
        }

        @Override
        public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
            answer(out, ListContainersResponse.newBuilder()
                    .addContainers(container("c-nginx", WEB, "nginx", webRunning ? ContainerState.CONTAINER_RUNNING
                            : ContainerState.CONTAINER_EXITED))
                    .addContainers(container("c-init", WEB, "init", ContainerState.CONTAINER_EXITED))
                    .addContainers(container("c-job", BATCH, "job", ContainerState.CONTAINER_RUNNING))
                    .build());
        }

        private io.lxkns.agent.engines.cri.api.Container container(String id, String sandbox, String name,
                ContainerState state) {
            return io.lxkns.agent.engines.cri.api.Container.newBuilder().setId(id).setPodSandboxId(sandbox)
                    .setMetadata(ContainerMetadata.newBuilder().setName(name)).setState(state).build();
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
            String id = request.getContainerId();
            ContainerStatusResponse.Builder response = ContainerStatusResponse.newBuilder().setStatus(
                    ContainerStatus.newBuilder().setId(id).setState(ContainerState.CONTAINER_RUNNING)
                            .setMetadata(ContainerMetadata.newBuilder().setName(id.equals("c-job") ? "job" : "nginx")));
            if (request.getVerbose()) {
                response.putInfo("info", resource(id.equals("c-job") ? "container-userns.json" : "container.json"));
            }
            answer(out, response.build());
        }

        @Override
        public void getContainerEvents(GetEventsRequest request, StreamObserver<ContainerEventResponse> out) {
            if (!eventsImplemented) {
                out.onError(Status.UNIMPLEMENTED.withDescription("unknown method GetContainerEvents").asRuntimeException());
                return;
            }
            ((ServerCallStreamObserver<ContainerEventResponse>) out).setOnCancelHandler(() -> subscribers.remove(out));
            subscribers.add(out);
        }

        private <T> void answer(StreamObserver<T> out, T value) {
            out.onNext(value);
            out.onCompleted();
        }
    }
}
