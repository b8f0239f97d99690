package io.lxkns.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lxkns.crds.ClusterNamespacesStatus;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.metrics.OperatorMetrics;
import io.lxkns.operator.reports.ReportFormat;
import io.lxkns.operator.reconcile.LxknsOperator;
import io.lxkns.operator.ui.UiServer;
import io.lxkns.operator.ui.UiState;
import io.lxkns.support.Versions;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "lxkns-operator",
        mixinStandardHelpOptions = true,
        versionProvider = OperatorCommand.Version.class,
        description = {
            "The lxkns operator: reads every node's NodeNamespaces, the Pods and the Nodes, and keeps the "
                    + "cluster-scoped ClusterNamespaces/cluster up to date: nodes reporting, stale and missing, "
                    + "namespace totals, and pod-isolation findings (each pod's spec against what its node "
                    + "observed). Raises a Warning Event on a pod for each new warning finding, once. Deletes "
                    + "NodeNamespaces whose Node is gone.",
            "",
            "Run two or more replicas: a Lease elects the one that works; the others stand by. The "
                    + "Kubernetes connection comes from the in-cluster service account or KUBECONFIG.",
            ""
        })
public final class OperatorCommand implements Callable<Integer> {

    @Option(names = "--stale-after", paramLabel = "DURATION", defaultValue = "5m",
            description = "a node whose NodeNamespaces is older than this is stale (default: ${DEFAULT-VALUE})")
    Duration staleAfter;

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "1m",
            description = "reconcile at least this often, also without changes (default: ${DEFAULT-VALUE})")
    Duration resync;

    @Option(names = "--max-findings", paramLabel = "N", defaultValue = "200",
            description = "findings listed in the status, most severe first; all are counted (default: ${DEFAULT-VALUE})")
    int maxFindings;

    @Option(names = "--reports", paramLabel = "FORMAT", defaultValue = "openreports",
            description = "also write the findings as policy reports: openreports (openreports.io/v1alpha1 Report per"
                    + " namespace and a ClusterReport), wgpolicyk8s (wgpolicyk8s.io/v1alpha2 PolicyReport and"
                    + " ClusterPolicyReport), or none (default: ${DEFAULT-VALUE})")
    String reports;

    @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "lxkns-operator",
            description = "the Lease for leader election (default: ${DEFAULT-VALUE})")
    String leaseName;

    @Option(names = "--lease-namespace", paramLabel = "NAMESPACE", defaultValue = "${env:POD_NAMESPACE:-lxkns}",
            description = "the namespace of that Lease (default: $POD_NAMESPACE, else lxkns)")
    String leaseNamespace;

    @Option(names = "--no-leader-election", description = "run without a Lease: only when exactly one instance runs")
    boolean noLeaderElection;

    @Option(names = "--identity", paramLabel = "NAME", defaultValue = "${env:POD_NAME:-${env:HOSTNAME:-lxkns-operator}}",
            description = "this instance's name in the Lease and in Events (default: $POD_NAME or $HOSTNAME)")
    String identity;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
            description = "address of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}; 0.0.0.0:8081 in a pod)")
    String listen;

    @Option(names = "--ui-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8082",
            description = "address of the read-only web UI under /ui/, or none (default: ${DEFAULT-VALUE}). Keep it on"
                    + " loopback: it has no authentication of its own; kubectl port-forward reaches it, with the"
                    + " cluster's authentication and RBAC")
    String uiListen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxFindings < 1 || maxFindings > ClusterNamespacesStatus.MAX_FINDINGS) {
            throw new ParameterException(spec.commandLine(), "--max-findings must be between 1 and "
                    + ClusterNamespacesStatus.MAX_FINDINGS + " (the CRD's bound)");
        }
        ReportFormat reportFormat = switch (reports) {
            case "openreports" -> ReportFormat.OPENREPORTS;
            case "wgpolicyk8s" -> ReportFormat.WGPOLICYK8S;
            case "none" -> null;
            default -> throw new ParameterException(spec.commandLine(),
                    "--reports must be openreports, wgpolicyk8s or none, not " + reports);
        };
        InetSocketAddress address = address("--listen", listen);
        InetSocketAddress uiAddress = "none".equals(uiListen) ? null : address("--ui-listen", uiListen);
        UiState ui = uiAddress == null ? null : new UiState();
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withConnectionTimeout(5_000).build();
        OperatorMetrics metrics = new OperatorMetrics();
        CountDownLatch stopped = new CountDownLatch(1);
        // Bound first: a port in use is an error before the operator starts.
        try (Endpoints http = Endpoints.bind(address, "lxkns-operator-http");
                KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
                // Also before the operator: until its first reconcile, the UI says it has nothing yet.
                UiServer uiServer = ui == null ? null : UiServer.start(uiAddress, ui, UiServer.fullReports(client));
                LxknsOperator operator = new LxknsOperator(client,
                        new ClusterAnalysis.Settings(staleAfter, maxFindings, 50), resync, identity,
                        noLeaderElection ? null : LxknsOperator.Lease.of(leaseName, leaseNamespace), metrics,
                        reportFormat, ui).start()) {
            http.probe("/healthz", operator::liveness).probe("/readyz", operator::readiness)
                    .text("/metrics", Endpoints.PROMETHEUS, metrics.registry()::scrape).start();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "lxkns-shutdown"));
            org.slf4j.LoggerFactory.getLogger(OperatorCommand.class).info("lxkns operator {} running; HTTP on {}; UI {}",
                    identity, HostPort.format(http.address()),
                    uiServer == null ? "off" : "on http://" + HostPort.format(uiServer.address()) + "/ui/");
            stopped.await();
        }
        return 0;
    }

    private InetSocketAddress address(String option, String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " " + e.getMessage());
        }
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lxkns-operator " + Versions.of(OperatorCommand.class)};
        }
    }
}
