package io.lxkns.agent.engines;

import io.lxkns.agent.engines.containerd.ContainerdClient;
import io.lxkns.agent.engines.docker.DockerClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * All engines of this node. {@link #listOnce} asks each engine once, in parallel (the CLI); {@link
 * #follow} keeps a tracker per engine (the agent).
 */
public final class Engines implements AutoCloseable {
    private final List<ContainerTracker> trackers;

    private Engines(List<ContainerTracker> trackers) {
        this.trackers = trackers;
    }

    static EngineClient connect(EngineSockets.Endpoint endpoint, EngineConfig config) {
        String socket = endpoint.socket().toString();
        return endpoint.engine() == EngineKind.DOCKER
                ? new DockerClient(socket, config.timeout())
                : new ContainerdClient(socket, config.timeout());
    }

    /**
     * Lists every engine once; an engine that fails is reported in its snapshot, never thrown. A
     * detected socket that does not answer was not an engine API and is left out.
     */
    public static List<EngineSnapshot> listOnce(EngineConfig config) {
        List<CompletableFuture<EngineSnapshot>> pending = new ArrayList<>();
        List<EngineSockets.Endpoint> endpoints = EngineSockets.find(config);
        for (EngineSockets.Endpoint endpoint : endpoints) {
            pending.add(CompletableFuture.supplyAsync(() -> listOnce(endpoint, config)));
        }
        List<EngineSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            EngineSnapshot snapshot = pending.get(i).join();
            if (snapshot.up() || endpoints.get(i).origin() != EngineSockets.Origin.DETECTED) {
                snapshots.add(snapshot);
            }
        }
        return snapshots;
    }

    private static EngineSnapshot listOnce(EngineSockets.Endpoint endpoint, EngineConfig config) {
        String socket = endpoint.socket().toString();
        if (!Files.exists(endpoint.socket())) {
            return new EngineSnapshot(endpoint.engine(), socket, false, false, "no socket at " + socket, List.of());
        }
        try (EngineClient client = connect(endpoint, config)) {
            return new EngineSnapshot(endpoint.engine(), socket, true, true, null, client.list());
        } catch (EngineException | RuntimeException e) {
            return new EngineSnapshot(endpoint.engine(), socket, false, false, e.getMessage(), List.of());
        }
    }

    /**
     * Starts a tracker per engine; each follows its engine's events until closed, calling {@code
     * onChange} whenever an engine's containers changed. Detected sockets are probed first and only
     * followed when they answer.
     */
    public static Engines follow(EngineConfig config, Runnable onChange) {
        List<ContainerTracker> trackers = new ArrayList<>();
        for (EngineSockets.Endpoint endpoint : EngineSockets.find(config)) {
            if (endpoint.origin() != EngineSockets.Origin.DETECTED || listOnce(endpoint, config).up()) {
                trackers.add(new ContainerTracker(connect(endpoint, config)).onChange(onChange).start());
            }
        }
        return new Engines(trackers);
    }

    /**
     * Waits, at most {@code limit} in all, until every engine answered its first list: a report
     * written before would show their pods as gone.
     *
     * @return whether all answered in time
     */
    public boolean awaitFirstAnswers(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (ContainerTracker tracker : trackers) {
            if (!tracker.awaitFirstAnswer(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    public List<EngineSnapshot> snapshot() {
        return trackers.stream().map(ContainerTracker::snapshot).toList();
    }

    public List<ContainerTracker> trackers() {
        return trackers;
    }

    @Override
    public void close() {
        trackers.forEach(ContainerTracker::close);
    }
}
