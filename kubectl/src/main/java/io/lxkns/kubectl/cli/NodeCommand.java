package io.lxkns.kubectl.cli;

import io.lxkns.kubectl.cluster.LxknsApi;
import io.lxkns.kubectl.render.NodeText;
import io.lxkns.kubectl.view.NodeViews;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A node's namespaces as a user-namespace tree.",
            "",
            "Shows a node's namespaces as a user-namespace tree, like 'lxkns tree --user' on the node: each "
                    + "user namespace with the namespaces it owns below it, then its child user namespaces. "
                    + "The node's own (initial) namespaces are marked (host); each other namespace shows its "
                    + "process count, its leader (PID on the node and comm), its pods or containers, and "
                    + "where it is bind-mounted. The header has the report's time and conditions (Ready, "
                    + "Truncated, Engine-*).",
            "",
            "Data: NodeNamespaces/NODE (cluster-scoped, written by the node's lxkns agent), which needs "
                    + "'get' on nodenamespaces.lxkns.io.",
            ""
        })
final class NodeCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node's name")
    String node;

    @Override
    int run(String namespace, LxknsApi api, Output output, PrintWriter out, PrintWriter err) {
        output.print(NodeViews.fromNode(node, nodeStatus(api, node)), NodeText::print, out);
        return 0;
    }
}
