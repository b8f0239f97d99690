package io.lxkns.agent.cli;

import io.lxkns.agent.engines.EngineConfig;
import io.lxkns.agent.node.EngineSource;
import io.lxkns.agent.node.NodeObserver;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.Stage;
import io.lxkns.discovery.model.DiscoveryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The discovery options every command shares, and running the discovery they describe. */
final class DiscoveryMixin {
    @Option(names = "--proc", paramLabel = "DIR", defaultValue = DiscoveryOptions.DEFAULT_PROC_ROOT_TEXT,
            description = "procfs to read (default: ${DEFAULT-VALUE}); e.g. the host's, mounted into a container")
    Path procRoot;

    @Option(names = "--no-tasks", description = "skip threads: finds no loose threads")
    boolean noTasks;

    @Option(names = "--no-fds", description = "skip namespaces held by open file descriptors")
    boolean noFds;

    @Option(names = "--no-sockets", description = "skip network namespaces held by sockets")
    boolean noSockets;

    @Option(names = "--no-bind-mounts", description = "skip bind-mounted namespaces (and mount namespaces no process is in)")
    boolean noBindMounts;

    @Option(names = "--no-hierarchy", description = "skip the parents of user and PID namespaces")
    boolean noHierarchy;

    @Option(names = "--no-ownership", description = "skip owning user namespaces and creator UIDs")
    boolean noOwnership;

    @Option(names = "--no-cgroups", description = "skip cgroup paths and freezer state")
    boolean noCgroups;

    @Option(names = {"-v", "--verbose"}, description = "print every warning, not just a summary, and the time of each discovery stage")
    boolean verbose;

    @Option(names = "--no-containers", description = "do not ask container engines (Docker, containerd)")
    boolean noContainers;

    @Option(names = "--cri-socket", paramLabel = "PATH",
            description = "CRI runtime socket to ask for pods (containerd's, CRI-O's), instead of the defaults"
                    + " /run/containerd/containerd.sock and /var/run/crio/crio.sock; repeatable")
    List<Path> criSockets = new ArrayList<>();

    @Option(names = "--containerd-socket", paramLabel = "PATH",
            description = "containerd socket to ask, instead of the default; repeatable")
    List<Path> containerdSockets = new ArrayList<>();

    @Option(names = "--docker-socket", paramLabel = "PATH",
            description = "Docker socket to ask, instead of the defaults; repeatable")
    List<Path> dockerSockets = new ArrayList<>();

    @Option(names = "--no-engine-autodetect",
            description = "do not look for engine sockets by their running dockerd, containerd and crio processes")
    boolean noAutodetect;

    @Option(names = "--engine-timeout", paramLabel = "DURATION", defaultValue = EngineConfig.DEFAULT_TIMEOUT_TEXT,
            description = "longest wait for one engine call, like 2s or 500ms (default: ${DEFAULT-VALUE})")
    Duration engineTimeout;

    DiscoveryOptions options() {
        Map<Stage, Boolean> skip = Map.of(Stage.TASKS, noTasks, Stage.FDS, noFds, Stage.SOCKETS, noSockets,
                Stage.BIND_MOUNTS, noBindMounts, Stage.HIERARCHY, noHierarchy, Stage.OWNERSHIP, noOwnership,
                Stage.CGROUPS, noCgroups);
        Stage[] skipped = skip.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .toArray(Stage[]::new);
        return DiscoveryOptions.full().withProcRoot(procRoot).without(skipped);
    }

    EngineConfig engineConfig() {
        return new EngineConfig(criSockets, containerdSockets, dockerSockets, !noAutodetect, engineTimeout, procRoot);
    }

    /** As {@link #discover}, but null (after saying why) when the procfs showed no process at all. */
    NodeView discoverSomething(PrintWriter err) {
        NodeView view = discover(err);
        if (view.discovery().processes().isEmpty()) {
            err.println("lxkns: no processes found in " + procRoot + ": is it a procfs?");
            return null;
        }
        return view;
    }

    /**
     * Discovers namespaces while the engines are asked for their containers, joins the two, tells
     * stderr what could not be seen, and returns the result.
     */
    NodeView discover(PrintWriter err) {
        NodeView view = new NodeObserver(options(), noContainers ? EngineSource.none() : EngineSource.listOnce(engineConfig()))
                .observe();
        DiscoveryResult result = view.discovery();
        WarningSummary.print(view, verbose, err);
        if (verbose) {
            StringBuilder stages = new StringBuilder();
            result.stageDurations().forEach((stage, took) ->
                    stages.append(", ").append(stage).append(' ').append(took.toMillis()).append(" ms"));
            err.println("lxkns: discovery took " + result.duration().toMillis() + " ms" + stages);
        }
        return view;
    }
}
