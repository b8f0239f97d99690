package io.lxkns.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.agent.daemon.AgentLoop;
import io.lxkns.agent.daemon.AgentMetrics;
import io.lxkns.agent.engines.Engines;
import io.lxkns.agent.http.AgentHttpServer;
import io.lxkns.agent.node.EngineSource;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.publish.Publisher;
import io.lxkns.agent.report.NodeReport;
import io.lxkns.agent.report.SizeCap;
import io.lxkns.crds.NodeNamespaces;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Runs as the per-node agent (DaemonSet mode): discovers on an interval and on container "
                    + "events, and keeps the cluster-scoped NodeNamespaces object named after this node "
                    + "up to date (lxkns.io/v1alpha1). It writes only when the content changed, at most once "
                    + "per minimum interval, plus a slow refresh; no command lines or environments ever "
                    + "leave the node.",
            "",
            "HTTP on --listen: /healthz, /readyz, /metrics (Prometheus), /api/v1/discovery (the JSON "
                    + "of 'lxkns ls -o json'). The Kubernetes connection comes from the in-cluster service "
                    + "account or KUBECONFIG.",
            "",
            "--dry-run prints the complete object this machine would write and exits; it needs no cluster.",
            ""
        })
public final class AgentCommand implements Callable<Integer> {

    enum Format { JSON, YAML }

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:NODE_NAME}",
            description = "this node's name (default: $NODE_NAME, from the downward API)")
    String nodeName;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "time between discoveries, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--min-write-interval", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "least time between two writes of a changed object, plus up to 10 % jitter (default: ${DEFAULT-VALUE})")
    Duration minWriteInterval;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "write even an unchanged object this often (default: ${DEFAULT-VALUE})")
    Duration refresh;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "262144",
            description = "cap on the serialized object; over it, detail is dropped and Truncated=True "
                    + "(default: ${DEFAULT-VALUE}, at most 1048576)")
    int maxSize;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9090",
            description = "address of the HTTP endpoints (default: ${DEFAULT-VALUE}; 0.0.0.0:9090 for probes from the kubelet)")
    String listen;

    @Option(names = "--dry-run", description = "print the NodeNamespaces object for this machine and exit")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml",
            description = "with --dry-run: json or yaml (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    DiscoveryMixin discovery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (nodeName == null || nodeName.isBlank()) {
            throw new ParameterException(spec.commandLine(), "no node name: set NODE_NAME or --node-name");
        }
        if (maxSize <= 0 || maxSize > SizeCap.LIMIT_MAX_BYTES) {
            throw new ParameterException(spec.commandLine(), "--max-size must be between 1 and " + SizeCap.LIMIT_MAX_BYTES);
        }
        return dryRun ? dryRun(spec.commandLine().getOut(), spec.commandLine().getErr()) : runAgent();
    }

    private int dryRun(PrintWriter out, PrintWriter err) throws IOException {
        NodeView view = discovery.discover(err);
        NodeNamespaces object = NodeReport.build(view, nodeName, version(), maxSize, Clock.systemUTC().instant());
        KubernetesSerialization serialization = new KubernetesSerialization();
        if (format == Format.YAML) {
            out.print(serialization.asYaml(object));
        } else {
            ObjectMapper mapper = new ObjectMapper();
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(serialization.asJson(object))));
        }
        out.flush();
        return 0;
    }

    private int runAgent() throws IOException, InterruptedException {
        System.setProperty("org.slf4j.simpleLogger.log.io.lxkns", "info");
        AgentMetrics metrics = new AgentMetrics();
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig()).build()) {
            Publisher publisher = new Publisher(client, nodeName, Clock.systemUTC(), minWriteInterval, refresh,
                    () -> ThreadLocalRandom.current().nextDouble());
            // Engine events trigger the loop, which reads the engines: the loop is set once both exist.
            AtomicReference<AgentLoop> loop = new AtomicReference<>();
            Engines engines = discovery.noContainers ? null : Engines.follow(discovery.engineConfig(), () -> {
                AgentLoop current = loop.get();
                if (current != null) {
                    current.trigger();
                }
            });
            EngineSource source = engines == null ? EngineSource.none() : EngineSource.followed(engines);
            loop.set(new AgentLoop(nodeName, version(), interval, maxSize, new NodeObserver(discovery.options(), source),
                    publisher, Clock.systemUTC(), metrics));
            try (AgentLoop running = loop.get().start();
                    AgentHttpServer http = new AgentHttpServer(address(listen), running, metrics.registry())) {
                Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lxkns-shutdown"));
                org.slf4j.LoggerFactory.getLogger(AgentCommand.class).info(
                        "agent for node {} running; HTTP on {}", nodeName, http.address());
                stopped.await();
            } finally {
                if (engines != null) {
                    engines.close();
                }
            }
        }
        return 0;
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

    private InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--listen wants HOST:PORT, not " + hostPort);
        }
    }

    static String version() {
        String version = AgentCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
