package io.lxkns.agent.engines;

import io.lxkns.support.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Which engines to ask, and how.
 *
 * @param criSockets explicit CRI runtime sockets (containerd's, CRI-O's); empty: the default sockets
 * @param containerdSockets explicit containerd sockets; empty: the default socket
 * @param dockerSockets explicit Docker sockets; empty: the default sockets
 * @param autodetect also find sockets by looking at running dockerd, containerd and crio processes
 * @param timeout the longest one engine call may take
 * @param procRoot the host's procfs, to reach sockets of the host from inside a container
 */
public record EngineConfig(List<Path> criSockets, List<Path> containerdSockets, List<Path> dockerSockets, boolean autodetect,
        Duration timeout, Path procRoot) {

    /** containerd serves the CRI on its own socket (its CRI plugin); CRI-O's is its only API. */
    public static final List<Path> DEFAULT_CRI_SOCKETS = List.of(Path.of("/run/containerd/containerd.sock"),
            Path.of("/var/run/crio/crio.sock"));
    public static final List<Path> DEFAULT_CONTAINERD_SOCKETS = List.of(Path.of("/run/containerd/containerd.sock"));
    public static final List<Path> DEFAULT_DOCKER_SOCKETS = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"));
    /** As the command line writes it (an annotation needs a constant string). */
    public static final String DEFAULT_TIMEOUT_TEXT = "2s";
    public static final Duration DEFAULT_TIMEOUT = Durations.parse(DEFAULT_TIMEOUT_TEXT);

    public EngineConfig {
        criSockets = List.copyOf(criSockets);
        containerdSockets = List.copyOf(containerdSockets);
        dockerSockets = List.copyOf(dockerSockets);
    }

    /** Only these sockets, nothing found by default paths or autodetection. */
    public static EngineConfig only(List<Path> containerd, List<Path> docker) {
        return only(List.of(), containerd, docker);
    }

    /** Only these sockets, nothing found by default paths or autodetection. */
    public static EngineConfig only(List<Path> cri, List<Path> containerd, List<Path> docker) {
        return new EngineConfig(cri, containerd, docker, false, DEFAULT_TIMEOUT, Path.of("/proc"));
    }
}
