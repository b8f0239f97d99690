package io.lxkns.kubectl.cli;

import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.LxknsApi;
import io.lxkns.kubectl.render.PidText;
import io.lxkns.kubectl.view.PidView;
import io.lxkns.kubectl.view.PidViews;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
        name = "pid",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "The container and pod of a PID on a node, as far as the node's report tells.",
            "",
            "Tells which container and pod a PID on a node belongs to, as far as the node's report can: "
                    + "the report lists each container's init process and each namespace's leader (its "
                    + "lowest-numbered topmost process), not every process. So the answer is an exact "
                    + "container init match, or the namespaces that PID leads (with their pods), or that "
                    + "the report does not list the PID (exit code 1). A PID may have been reused since the "
                    + "report's time.",
            "",
            "Data: NodeNamespaces/NODE (cluster-scoped, written by the node's lxkns agent), which needs "
                    + "'get' on nodenamespaces.lxkns.io.",
            ""
        })
final class PidCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node's name")
    String node;

    int pid;

    @Parameters(index = "1", paramLabel = "PID", description = "a process ID as the node's host sees it")
    void pid(String value) {
        try {
            pid = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            throw new ParameterException(spec.commandLine(), "PID must be a positive number, not '" + value + "'");
        }
    }

    @Override
    int run(String namespace, LxknsApi api, Output output, PrintWriter out, PrintWriter err) {
        NodeNamespacesStatus status = nodeStatus(api, node);
        PidView view = PidViews.fromNode(node, pid, status);
        if (!view.listed()) {
            throw new Failure("node " + node + "'s report" + (status.observedAt() == null ? "" : " (observed "
                    + status.observedAt() + ")") + " does not list PID " + pid + ": it names containers' init"
                    + " processes and namespace leaders only, not every process ('lxkns tree --pid' in the node's"
                    + " lxkns agent pod shows them all)");
        }
        output.print(view, PidText::print, out);
        return 0;
    }
}
