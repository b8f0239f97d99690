package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.node.Correlator;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.testing.Sh;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Trackers follow the engines' event streams, and ride out an engine that goes away. */
@ExtendWith(SharedEngines.class)
class ContainerTrackerIT {

    @Test
    void startedAndRemovedContainersArriveThroughEventsWithoutARelist(SharedEngines engines) {
        EngineConfig config = EngineConfig.only(List.of(engines.containerd().socket()), List.of(engines.docker().socket()));
        String dockerName = Sh.uniqueName("lxkns-events");
        String containerdId = Sh.uniqueName("events");
        try (Engines followed = Engines.follow(config, () -> { })) {
            awaitSnapshot(followed, "both engines listed", s -> s.size() == 2 && s.stream().allMatch(EngineSnapshot::listed));

            long started = System.nanoTime();
            String dockerId = engines.docker().docker("run", "-d", "--name", dockerName, PrivateDocker.IMAGE, "/bin/sleep", "600");
            awaitContainer(followed, dockerId, true);
            long latency = System.nanoTime() - started;
            int pid = engines.containerd().run("default", containerdId, List.of(), List.of());
            awaitContainer(followed, containerdId, true);

            Container fromEvents = Correlator.containers(followed.snapshot()).stream()
                    .filter(c -> c.id().equals(containerdId)).findFirst().orElseThrow();
            assertThat(fromEvents.pid()).isEqualTo(pid);
            assertThat(fromEvents.engineNamespace()).isEqualTo("default");

            engines.docker().docker("pause", dockerName);
            awaitSnapshot(followed, "paused through events", s -> Correlator.containers(s).stream()
                    .anyMatch(c -> c.id().equals(dockerId) && c.paused()));
            engines.docker().docker("rm", "-f", dockerName);
            engines.containerd().remove("default", containerdId);
            awaitContainer(followed, dockerId, false);
            awaitContainer(followed, containerdId, false);

            assertThat(followed.trackers()).allSatisfy(t -> assertThat(t.relists()).as("lists per tracker").isEqualTo(1));
            System.out.printf("docker run -> container in tracker: %.0f ms (docker CLI included)%n", latency / 1e6);
        } finally {
            engines.docker().docker("rm", "-f", dockerName);
            engines.containerd().remove("default", containerdId);
        }
    }

    @Test
    void anEngineThatStopsIsReportedAndPickedUpAgainWhenItReturns() throws Exception {
        try (PrivateContainerd containerd = new PrivateContainerd("outage");
                Engines followed = Engines.follow(EngineConfig.only(List.of(containerd.socket()), List.of()), () -> { })) {
            String id = Sh.uniqueName("survivor");
            containerd.run("default", id, List.of(), List.of());
            awaitContainer(followed, id, true);

            containerd.stop();
            awaitSnapshot(followed, "containerd reported down", s -> !s.get(0).up() && s.get(0).error() != null);

            // Discovery goes on while the engine is away; the last known containers are kept.
            NodeView view = Correlator.correlate(Discovery.discover(), followed.snapshot());
            assertThat(view.discovery().namespaces()).isNotEmpty();
            assertThat(view.engineWarnings()).singleElement().asString()
                    .contains("containerd at " + containerd.socket() + " is not reachable");

            List<EngineSnapshot> once = Engines.listOnce(EngineConfig.only(List.of(containerd.socket()), List.of()));
            assertThat(once).singleElement().satisfies(s -> assertThat(s.up()).isFalse());

            containerd.start();
            awaitSnapshot(followed, "containerd picked up again", s -> s.get(0).up());
            awaitContainer(followed, id, true);
            assertThat(followed.trackers().get(0).relists()).as("relisted after the reconnect").isEqualTo(2);
        }
    }

    private static void awaitContainer(Engines engines, String id, boolean present) {
        awaitSnapshot(engines, (present ? "container " : "no container ") + id,
                s -> Correlator.containers(s).stream().anyMatch(c -> c.id().equals(id)) == present);
    }

    private static void awaitSnapshot(Engines engines, String what, Predicate<List<EngineSnapshot>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!condition.test(engines.snapshot())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; engines: " + engines.snapshot());
            }
            Engine.sleep(20);
        }
    }
}
