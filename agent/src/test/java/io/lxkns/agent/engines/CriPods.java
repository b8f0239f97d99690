package io.lxkns.agent.engines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.lxkns.agent.engines.cri.api.ContainerConfig;
import io.lxkns.agent.engines.cri.api.ContainerMetadata;
import io.lxkns.agent.engines.cri.api.ContainerStatusRequest;
import io.lxkns.agent.engines.cri.api.ContainerStatusResponse;
import io.lxkns.agent.engines.cri.api.CreateContainerRequest;
import io.lxkns.agent.engines.cri.api.ImageSpec;
import io.lxkns.agent.engines.cri.api.LinuxContainerConfig;
import io.lxkns.agent.engines.cri.api.LinuxContainerSecurityContext;
import io.lxkns.agent.engines.cri.api.LinuxPodSandboxConfig;
import io.lxkns.agent.engines.cri.api.LinuxSandboxSecurityContext;
import io.lxkns.agent.engines.cri.api.ListContainersRequest;
import io.lxkns.agent.engines.cri.api.ListPodSandboxRequest;
import io.lxkns.agent.engines.cri.api.NamespaceMode;
import io.lxkns.agent.engines.cri.api.NamespaceOption;
import io.lxkns.agent.engines.cri.api.PodSandboxConfig;
import io.lxkns.agent.engines.cri.api.PodSandboxMetadata;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusRequest;
import io.lxkns.agent.engines.cri.api.PodSandboxStatusResponse;
import io.lxkns.agent.engines.cri.api.RemoveContainerRequest;
import io.lxkns.agent.engines.cri.api.RemovePodSandboxRequest;
import io.lxkns.agent.engines.cri.api.RunPodSandboxRequest;
import io.lxkns.agent.engines.cri.api.RuntimeServiceGrpc;
import io.lxkns.agent.engines.cri.api.StartContainerRequest;
import io.lxkns.agent.engines.cri.api.StopContainerRequest;
import io.lxkns.agent.engines.cri.api.StopPodSandboxRequest;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods made through the CRI the way the kubelet makes them: RunPodSandbox with the pod's metadata,
 * the kubelet's labels and the namespace options it derives from the pod spec; then per container
 * CreateContainer (with the same sandbox config) and StartContainer; on deletion, containers
 * stopped and removed before the sandbox.
 *
 * <p>The kubelet derives one {@link NamespaceOption} per pod and gives it to the sandbox and to
 * every container alike: network and IPC are POD or NODE (hostNetwork, hostIPC); PID is NODE
 * (hostPID), POD (shareProcessNamespace: every container joins the sandbox's PID namespace) or,
 * by default, CONTAINER (each container has a PID namespace of its own).
 */
public final class CriPods implements AutoCloseable {
    /** Calls that start processes wait for runc and CNI; generous for a loaded CI machine. */
    private static final long DEADLINE_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnixGrpc grpc;
    private final ManagedChannel channel;
    private final Path logRoot;
    private final String cgroupParent;
    /** What each sandbox was run with: the kubelet hands the same config to every CreateContainer. */
    private final Map<String, PodSandboxConfig> configs = new ConcurrentHashMap<>();

    CriPods(Path socket, Path logRoot, String cgroupParent) {
        this.logRoot = logRoot;
        this.cgroupParent = cgroupParent;
        this.grpc = new UnixGrpc("test-cri", socket.toString(), Duration.ofSeconds(DEADLINE_SECONDS));
        this.channel = grpc.channel();
    }

    /** The RuntimeService with a deadline, for calls the helpers here do not make. */
    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return grpc.deadline(RuntimeServiceGrpc.newBlockingStub(channel));
    }

    public ManagedChannel channel() {
        return channel;
    }

    // The kubelet's namespace options for the pod shapes tests need.

    /** A pod without host namespaces or a shared process namespace. */
    public static NamespaceOption defaultPod() {
        return options(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.POD);
    }

    /** {@code hostNetwork: true}. */
    public static NamespaceOption hostNetwork() {
        return options(NamespaceMode.NODE, NamespaceMode.CONTAINER, NamespaceMode.POD);
    }

    /** {@code hostPID: true}. */
    public static NamespaceOption hostPid() {
        return options(NamespaceMode.POD, NamespaceMode.NODE, NamespaceMode.POD);
    }

    /** {@code hostIPC: true}. */
    public static NamespaceOption hostIpc() {
        return options(NamespaceMode.POD, NamespaceMode.CONTAINER, NamespaceMode.NODE);
    }

    /** {@code shareProcessNamespace: true}: all POD. */
    public static NamespaceOption sharedPid() {
        return options(NamespaceMode.POD, NamespaceMode.POD, NamespaceMode.POD);
    }

    private static NamespaceOption options(NamespaceMode network, NamespaceMode pid, NamespaceMode ipc) {
        return NamespaceOption.newBuilder().setNetwork(network).setPid(pid).setIpc(ipc).build();
    }

    /** RunPodSandbox for pod {@code namespace/name}; answers the sandbox id. */
    public String runPod(String namespace, String name, String uid, NamespaceOption options) {
        PodSandboxConfig.Builder config = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name).setNamespace(namespace).setUid(uid).setAttempt(0))
                .putAllLabels(Map.of("io.kubernetes.pod.name", name, "io.kubernetes.pod.namespace", namespace,
                        "io.kubernetes.pod.uid", uid))
                .putAllAnnotations(Map.of("kubernetes.io/config.source", "api"))
                // under /var/log/pods/<namespace>_<name>_<uid> on a node
                .setLogDirectory(logRoot.resolve(namespace + "_" + name + "_" + uid).toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder()
                        // the kubelet's (cgroupfs driver) is /kubepods/<qos>/pod<uid>
                        .setCgroupParent(cgroupParent + "/pod" + uid)
                        .setSecurityContext(LinuxSandboxSecurityContext.newBuilder().setNamespaceOptions(options)));
        // The kubelet leaves a host-network pod the node's host name.
        if (options.getNetwork() != NamespaceMode.NODE) {
            config.setHostname(name);
        }
        PodSandboxConfig built = config.build();
        String id = runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(built).build()).getPodSandboxId();
        configs.put(id, built);
        return id;
    }

    /** A container with the pod's own namespace options, as the kubelet makes every app container. */
    public String runContainer(String sandboxId, String name) {
        return runContainer(sandboxId, name, sandboxConfig(sandboxId).getLinux().getSecurityContext().getNamespaceOptions());
    }

    /** CreateContainer and StartContainer of {@value PrivateCri#APP_IMAGE} in a sandbox; answers the container id. */
    public String runContainer(String sandboxId, String name, NamespaceOption options) {
        PodSandboxConfig pod = sandboxConfig(sandboxId);
        PodSandboxMetadata metadata = pod.getMetadata();
        ContainerConfig config = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name).setAttempt(0))
                .setImage(ImageSpec.newBuilder().setImage(PrivateCri.APP_IMAGE))
                .addCommand("/bin/sleep").addArgs("3600")
                .putAllLabels(Map.of("io.kubernetes.container.name", name,
                        "io.kubernetes.pod.name", metadata.getName(),
                        "io.kubernetes.pod.namespace", metadata.getNamespace(),
                        "io.kubernetes.pod.uid", metadata.getUid()))
                .putAllAnnotations(Map.of("io.kubernetes.container.restartCount", "0",
                        "io.kubernetes.container.terminationMessagePath", "/dev/termination-log",
                        "io.kubernetes.pod.terminationGracePeriod", "30"))
                .setLogPath(name + "/0.log") // relative to the pod's log directory
                .setLinux(LinuxContainerConfig.newBuilder().setSecurityContext(
                        LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(options)))
                .build();
        String id = runtime().createContainer(CreateContainerRequest.newBuilder()
                .setPodSandboxId(sandboxId).setConfig(config).setSandboxConfig(pod).build()).getContainerId();
        runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    private PodSandboxConfig sandboxConfig(String sandboxId) {
        PodSandboxConfig config = configs.get(sandboxId);
        if (config == null) {
            throw new IllegalArgumentException("no sandbox " + sandboxId + " run by these CriPods");
        }
        return config;
    }

    /**
     * Stops the pod's containers, then its sandbox (which ends its processes and releases its
     * network). Timeout 0: straight to SIGKILL, since sleep as PID 1 ignores SIGTERM; the kubelet
     * would give the pod's grace period.
     */
    public void stopPod(String sandboxId) {
        for (String container : containerIds(sandboxId)) {
            runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(container).setTimeout(0).build());
        }
        runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
    }

    /** Stops the pod, removes its containers, then its sandbox: the kubelet's order. */
    public void removePod(String sandboxId) {
        stopPod(sandboxId);
        for (String container : containerIds(sandboxId)) {
            runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(container).build());
        }
        runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(sandboxId).build());
        configs.remove(sandboxId);
    }

    public PodSandboxStatusResponse sandboxStatus(String sandboxId, boolean verbose) {
        return runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(sandboxId).setVerbose(verbose).build());
    }

    public ContainerStatusResponse containerStatus(String containerId, boolean verbose) {
        return runtime().containerStatus(ContainerStatusRequest.newBuilder()
                .setContainerId(containerId).setVerbose(verbose).build());
    }

    /** Every sandbox the runtime lists, whatever its state. */
    public List<String> sandboxIds() {
        return runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .map(item -> item.getId()).toList();
    }

    /** The containers of one sandbox, whatever their state. */
    public List<String> containerIds(String sandboxId) {
        return runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList().stream()
                .filter(c -> c.getPodSandboxId().equals(sandboxId)).map(c -> c.getId()).toList();
    }

    /** The runtime's JSON under "info" in a verbose status (containerd's and CRI-O's key). */
    public static JsonNode info(Map<String, String> info) {
        String json = info.get("info");
        if (json == null) {
            throw new IllegalStateException("no \"info\" in the verbose status: " + info.keySet());
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("verbose info is no JSON: " + e.getMessage(), e);
        }
    }

    /** The sandbox's ("pause") process on the host; 0 when it has none. */
    public int sandboxPid(String sandboxId) {
        return info(sandboxStatus(sandboxId, true).getInfoMap()).path("pid").asInt();
    }

    /** The container's init process on the host; 0 when it has none. */
    public int containerPid(String containerId) {
        return info(containerStatus(containerId, true).getInfoMap()).path("pid").asInt();
    }

    /** The sandbox's network namespace (a bind mount under /var/run/netns); none for a host-network pod. */
    public Optional<Path> netnsPath(String sandboxId) {
        for (JsonNode namespace : info(sandboxStatus(sandboxId, true).getInfoMap())
                .path("runtimeSpec").path("linux").path("namespaces")) {
            if (namespace.path("type").asText().equals("network") && !namespace.path("path").asText().isEmpty()) {
                return Optional.of(Path.of(namespace.path("path").asText()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        grpc.close();
    }
}
