package io.lxkns.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.agent.daemon.Agent;
import io.lxkns.agent.daemon.AgentSettings;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.report.NodeReport;
import io.lxkns.agent.report.SizeCap;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.support.Versions;
import io.lxkns.support.http.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = AgentSettings.DEFAULT_INTERVAL,
            description = "time between discoveries, like 30s or 1m (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--min-write-interval", paramLabel = "DURATION", defaultValue = AgentSettings.DEFAULT_MIN_WRITE_INTERVAL,
            description = "least time between two writes of a changed object, plus up to 10 %% jitter (default: ${DEFAULT-VALUE})")
    Duration minWriteInterval;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = AgentSettings.DEFAULT_REFRESH,
            description = "write even an unchanged object this often; keep it at most half the operator's --stale-after "
                    + "(default: ${DEFAULT-VALUE})")
    Duration refresh;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "" + SizeCap.DEFAULT_MAX_BYTES,
            description = "cap on the serialized object; over it, detail is dropped and Truncated=True "
                    + "(default: ${DEFAULT-VALUE}, at most " + SizeCap.LIMIT_MAX_BYTES + ")")
    int maxSize;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = AgentSettings.DEFAULT_LISTEN,
            description = "address of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}; 0.0.0.0:9090 for probes "
                    + "from the kubelet)")
    String listen;

    @Option(names = "--api-listen", paramLabel = "HOST:PORT", defaultValue = AgentSettings.DEFAULT_API_LISTEN,
            description = "address of /api/v1/discovery, the node's full discovery (default: ${DEFAULT-VALUE}, for "
                    + "kubectl exec and port-forward); on any address but loopback every request needs a bearer token "
                    + "the API server accepts, of a user who may get nodes/proxy of this node")
    String apiListen;

    @Option(names = "--label-allowlist", paramLabel = "KEY",
            description = "a container label key (or prefix ending in *) the discovery API may show besides the "
                    + "kubelet's pod identity labels; repeatable. Labels may hold secrets: none others by default")
    List<String> labelAllowlist = new ArrayList<>();

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
        InetSocketAddress address = address("--listen", listen);
        InetSocketAddress apiAddress = address("--api-listen", apiListen);
        if (dryRun) {
            return dryRun(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        // A daemon logs what it does; set before the agent's classes create their loggers.
        System.setProperty("org.slf4j.simpleLogger.log.io.lxkns", discovery.verbose ? "debug" : "info");
        Agent.run(new AgentSettings(nodeName, interval, minWriteInterval, refresh, maxSize, address, apiAddress,
                labelAllowlist, discovery.options(), discovery.noContainers ? null : discovery.engineConfig()));
        return 0;
    }

    private InetSocketAddress address(String option, String hostPort) {
        try {
            return HostPort.parse(hostPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
        }
    }

    private int dryRun(PrintWriter out, PrintWriter err) throws IOException {
        NodeView view = discovery.discover(err);
        NodeNamespaces object = NodeReport.build(view, nodeName, Versions.of(AgentCommand.class), maxSize,
                Clock.systemUTC().instant());
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
}
