package io.lxkns.kubectl.cli;

import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.Connection;
import io.lxkns.kubectl.cluster.LxknsApi;
import io.lxkns.kubectl.cluster.Read;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that reads the cluster: connects as kubectl would, runs, closes the client. */
abstract class ApiCommand implements Callable<Integer> {
    @ParentCommand
    Plugin plugin;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Connection connection = plugin.connect()) {
            return run(connection.namespace(plugin.namespace), new LxknsApi(connection.client()), plugin.output(), out,
                    err);
        }
    }

    /** @param namespace the namespace to work in: {@code -n}, else the context's, else {@code default} */
    abstract int run(String namespace, LxknsApi api, Output output, PrintWriter out, PrintWriter err);

    /**
     * The status of a node's NodeNamespaces, for the commands that need nothing else: a node whose
     * report cannot be read is the end of the command.
     */
    static NodeNamespacesStatus nodeStatus(LxknsApi api, String node) {
        Read<NodeNamespaces> read = api.nodeNamespaces(node);
        if (read.forbidden()) {
            throw new Failure("forbidden: cannot read NodeNamespaces/" + node + " (cluster-scoped, see docs/kubectl.md"
                    + " for the RBAC); in your own namespace, 'kubectl lxkns pod NAME' shows your pods from the Report");
        }
        if (!read.found()) {
            throw noReport(node);
        }
        return status(read.value(), node);
    }

    static Failure noReport(String node) {
        return new Failure("node " + node + " has no NodeNamespaces (yet): is the lxkns agent running on it?"
                + " ('kubectl get nodenamespaces' lists the nodes that have reported)");
    }

    static NodeNamespacesStatus status(NodeNamespaces report, String node) {
        if (report.getStatus() == null) {
            throw new Failure("NodeNamespaces/" + node + " has no status yet: its agent has not reported");
        }
        return report.getStatus();
    }
}
