package io.lxkns.agent.daemon;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lxkns.agent.engines.Engines;
import io.lxkns.agent.http.AgentEndpoints;
import io.lxkns.agent.http.ApiAccess;
import io.lxkns.agent.http.LabelFilter;
import io.lxkns.agent.node.EngineSource;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.support.Versions;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.Health;
import io.lxkns.support.http.HostPort;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-node agent: wires the loop, the engines, the publisher and the endpoints, and runs until stopped. */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How long the first report waits for the engines' first lists; well inside a rollout's patience. */
    static final Duration FIRST_LIST_WAIT = Duration.ofSeconds(15);

    private Agent() {}

    /**
     * Runs until the JVM is asked to stop.
     *
     * @throws IOException when the listen address cannot be bound; nothing else has started then
     */
    public static void run(AgentSettings settings) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AgentMetrics metrics = new AgentMetrics();
        // Bound first: a port in use is an error before the loop ever writes.
        try (Endpoints endpoints = Endpoints.bind(settings.listen(), "lxkns-http");
                Endpoints api = Endpoints.bind(settings.apiListen(), "lxkns-api");
                KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig()).build()) {
            Publisher publisher = new Publisher(client, settings.nodeName(), Clock.systemUTC(),
                    settings.minWriteInterval(), settings.refresh(), () -> ThreadLocalRandom.current().nextDouble());
            // Engine events trigger the loop, which reads the engines: the loop is set once both exist.
            AtomicReference<AgentLoop> loop = new AtomicReference<>();
            // Probes first: asking the engines below may take a while, and the kubelet will not wait.
            AgentEndpoints.serveProbes(endpoints,
                    () -> loop.get() == null ? new Health(true, "starting") : loop.get().liveness(),
                    () -> loop.get() == null ? new Health(false, "starting") : loop.get().readiness(),
                    metrics.registry());
            Engines engines = settings.engines() == null ? null : Engines.follow(settings.engines(), () -> {
                AgentLoop current = loop.get();
                if (current != null) {
                    current.trigger();
                }
            });
            // The first report waits for the engines' first lists: one written before would show
            // this node's pods as gone until the next write, on every restart and rollout.
            if (engines != null && !engines.awaitFirstAnswers(FIRST_LIST_WAIT)) {
                LOG.warn("not every engine answered its first list within {}; the first report says which "
                        + "(condition reason NotListedYet)", FIRST_LIST_WAIT);
            }
            EngineSource source = engines == null ? EngineSource.none() : EngineSource.followed(engines);
            loop.set(new AgentLoop(settings.nodeName(), Versions.of(Agent.class), settings.interval(), settings.maxBytes(),
                    new NodeObserver(settings.discovery(), source), publisher, Clock.systemUTC(), metrics));
            try (AgentLoop running = loop.get().start();
                    AutoCloseable deletion = publisher.watchDeletion(running::trigger)) {
                boolean loopback = settings.apiListen().getAddress().isLoopbackAddress();
                AgentEndpoints.serveApi(api, running, loopback ? ApiAccess.loopback()
                        : ApiAccess.kubernetes(client, settings.nodeName(), Clock.systemUTC()),
                        new LabelFilter(settings.labelAllowlist()));
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lxkns-shutdown"));
                LOG.info("agent for node {} running; probes and metrics on {}, "
                        + "discovery API on {} ({})", settings.nodeName(), HostPort.format(endpoints.address()), HostPort.format(api.address()),
                        loopback ? "loopback" : "API-server authentication");
                stopped.await();
            } finally {
                if (engines != null) {
                    engines.close();
                }
            }
        }
    }

    /**
     * In-cluster or KUBECONFIG configuration, without the client's own request retries: the
     * publisher backs off by itself, and a retrying client would keep the loop busy for long.
     */
    private static Config clientConfig() {
        return new ConfigBuilder(Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .build();
    }
}
