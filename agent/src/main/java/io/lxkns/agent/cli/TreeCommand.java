package io.lxkns.agent.cli;

import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.render.PidTree;
import io.lxkns.agent.render.UserNames;
import io.lxkns.agent.render.UserTree;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "tree",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Shows a namespace hierarchy as a tree.",
            "",
            "--user: the user namespaces; under each, the namespaces it owns, then its child user namespaces.",
            "",
            "--pid: the process tree, with a line for each PID namespace a process enters, including "
                    + "intermediate PID namespaces that no process is in. A process below the host's PID "
                    + "namespace shows as hostpid/nspid.",
            ""
        })
public final class TreeCommand implements Callable<Integer> {

    static final class Kind {
        @Option(names = "--user", required = true, description = "user namespace tree (the default)")
        boolean user;

        @Option(names = "--pid", required = true, description = "PID namespace and process tree")
        boolean pid;
    }

    @ArgGroup(exclusive = true)
    Kind kind;

    @Option(names = "--kernel-threads", description = "with --pid: list kernel threads too (hidden by default)")
    boolean kernelThreads;

    @Mixin
    DiscoveryMixin discovery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeView view = discovery.discoverSomething(err);
        if (view == null) {
            return 1;
        }
        if (kind != null && kind.pid) {
            PidTree.print(view, kernelThreads, out);
        } else {
            UserTree.print(view.discovery(), UserNames.host(discovery.procRoot), out);
        }
        return 0;
    }
}
