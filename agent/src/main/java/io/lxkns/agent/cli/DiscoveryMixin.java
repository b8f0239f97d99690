package io.lxkns.agent.cli;

import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.Stage;
import io.lxkns.discovery.model.DiscoveryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The discovery options every command shares, and running the discovery they describe. */
final class DiscoveryMixin {
    @Option(names = "--proc", paramLabel = "DIR", defaultValue = "/proc",
            description = "procfs to read (default: ${DEFAULT-VALUE}); e.g. the host's, mounted into a container")
    Path procRoot;

    @Option(names = "--no-tasks", description = "skip threads (finds no loose threads; faster on hosts with many threads)")
    boolean noTasks;

    @Option(names = "--no-hierarchy", description = "skip the parents of user and PID namespaces")
    boolean noHierarchy;

    @Option(names = "--no-ownership", description = "skip owning user namespaces and creator UIDs")
    boolean noOwnership;

    @Option(names = {"-v", "--verbose"}, description = "print every warning, not just a summary")
    boolean verbose;

    DiscoveryOptions options() {
        List<Stage> off = new ArrayList<>();
        if (noTasks) {
            off.add(Stage.TASKS);
        }
        if (noHierarchy) {
            off.add(Stage.HIERARCHY);
        }
        if (noOwnership) {
            off.add(Stage.OWNERSHIP);
        }
        return DiscoveryOptions.full().withProcRoot(procRoot).without(off.toArray(Stage[]::new));
    }

    /** Discovers, tells stderr what could not be seen, and returns the result. */
    DiscoveryResult discover(PrintWriter err) {
        DiscoveryResult result = Discovery.discover(options());
        WarningSummary.print(result, verbose, err);
        return result;
    }
}
