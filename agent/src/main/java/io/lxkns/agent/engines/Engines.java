package io.lxkns.agent.engines;

import io.lxkns.agent.engines.containerd.ContainerdClient;
import io.lxkns.agent.engines.cri.CriClient;
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
        return switch (endpoint.engine()) {
            case CRI -> new CriClient(socket, config.timeout());
            case CONTAINERD -> new ContainerdClient(socket, config.timeout());
            case DOCKER -> new DockerClient(socket, config.timeout());
        };
    }

    /**
     * Lists every engine once; an engine that fails is reported in its snapshot, never thrown. A
     * detected socket that does not answer was not an engine API and is left out, as is a socket
     * not named on the command line that answers without the API asked (containerd without CRI).
     */
    public static List<EngineSnapshot> listOnce(EngineConfig config) {
        List<CompletableFuture<Probe>> pending = new ArrayList<>();
        List<EngineSockets.Endpoint> endpoints = EngineSockets.find(config);
        for (EngineSockets.Endpoint endpoint : endpoints) {
            pending.add(CompletableFuture.supplyAsync(() -> probe(endpoint, config)));
        }
        List<EngineSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Probe probe = pending.get(i).join();
            if (probe.worthFollowing(endpoints.get(i))) {
                snapshots.add(probe.snapshot());
            }
        }
        return snapshots;
    }

    /** One engine listed once; {@code notOffered}: its socket answered, but without this API. */
    private record Probe(EngineSnapshot snapshot, boolean notOffered) {
        boolean worthFollowing(EngineSockets.Endpoint endpoint) {
            return endpoint.origin() == EngineSockets.Origin.EXPLICIT
                    || (snapshot.up() || endpoint.origin() == EngineSockets.Origin.DEFAULT) && !notOffered;
        }
    }

    private static Probe probe(EngineSockets.Endpoint endpoint, EngineConfig config) {
        String socket = endpoint.socket().toString();
        if (!Files.exists(endpoint.socket())) {
            return new Probe(new EngineSnapshot(endpoint.engine(), socket, false, false, "no socket at " + socket,
                    List.of()), false);
        }
        try (EngineClient client = connect(endpoint, config)) {
            List<Container> containers = client.list();
            return new Probe(new EngineSnapshot(endpoint.engine(), socket, true, true, null, containers,
                    client.sandboxes()), false);
        } catch (EngineException | RuntimeException e) {
            return new Probe(new EngineSnapshot(endpoint.engine(), socket, false, false, e.getMessage(), List.of()),
                    e instanceof EngineException failure && failure.notOffered());
        }
    }

    /**
     * Whether to follow a socket: one named on the command line always; a default one unless it
     * answers without the API asked (only a CRI socket can: its version call tells, no list needed);
     * a detected one only when a list answers.
     */
    private static boolean worthFollowing(EngineSockets.Endpoint endpoint, EngineConfig config) {
        return switch (endpoint.origin()) {
            case EXPLICIT -> true;
            case DEFAULT -> endpoint.engine() != EngineKind.CRI || !Files.exists(endpoint.socket())
                    || !criNotOffered(endpoint, config);
            case DETECTED -> probe(endpoint, config).worthFollowing(endpoint);
        };
    }

    private static boolean criNotOffered(EngineSockets.Endpoint endpoint, EngineConfig config) {
        try (CriClient cri = new CriClient(endpoint.socket().toString(), config.timeout())) {
            cri.version();
            return false;
        } catch (EngineException e) {
            return e.notOffered();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts a tracker per engine; each follows its engine's events until closed, calling {@code
     * onChange} whenever an engine's containers changed. Sockets not named on the command line are
     * probed first: a detected one is followed only when it answers, and none that answers without
     * the API asked (containerd without CRI).
     */
    public static Engines follow(EngineConfig config, Runnable onChange) {
        List<ContainerTracker> trackers = new ArrayList<>();
        for (EngineSockets.Endpoint endpoint : EngineSockets.find(config)) {
            if (worthFollowing(endpoint, config)) {
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
