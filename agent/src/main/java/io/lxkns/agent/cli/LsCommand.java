package io.lxkns.agent.cli;

import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.render.JsonRenderer;
import io.lxkns.agent.render.LsTable;
import io.lxkns.agent.render.PodsTable;
import io.lxkns.agent.render.UserNames;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "ls",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Lists namespaces, one row per namespace, like lsns: also those no process is in.",
            "",
            "NS is the inode ('*': one of the host's initial namespaces). PID, USER and COMMAND are "
                    + "those of the namespace's lowest-numbered topmost process, '-' where no process is in it. "
                    + "SOURCES says how it was found: proc, task, fd, socket, bindmount, hierarchy. OWNER is "
                    + "its owning user namespace (for a user namespace: its parent). PATH is where it is "
                    + "bind-mounted (path@mnt:[inode] outside the host's mount namespace). With '-t net' alone, "
                    + "NETNS shows the names 'ip netns' knows it by. CONTAINER and POD name the containers "
                    + "(Docker, containerd) and Kubernetes pods with a process in it.",
            ""
        },
        footer = {"", "Examples:", "  lxkns ls -t net -t user", "  lxkns ls -o json | jq '.namespaces[] | select(.processCount == 0)'"})
public final class LsCommand implements Callable<Integer> {

    enum Format { TABLE, WIDE, JSON }

    @Mixin
    DiscoveryMixin discovery;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", converter = NamespaceTypeConverter.class,
            description = "only namespaces of this type; repeatable (cgroup, ipc, mnt, net, pid, time, user, uts)")
    Set<NamespaceType> types;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, wide (all columns, full command lines) or json (docs/json.md); default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--pods", description = "one row per container, grouped by pod, with the namespace of each type "
            + "(its inode, or 'host' for the host's own)")
    boolean pods;

    @Option(names = "--cds-training", hidden = true,
            description = "for recording bin/lxkns's class-data archive: also ask a stand-in engine, and render "
                    + "the table and the JSON (the JSON to nowhere)")
    boolean cdsTraining;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!cdsTraining) {
            return list(spec.commandLine().getOut());
        }
        try (TrainingEngine engine = TrainingEngine.start()) {
            discovery.criSockets.add(engine.socket());
            discovery.containerdSockets.add(engine.socket());
            discovery.dockerSockets.add(engine.socket());
            list(spec.commandLine().getOut());
            format = Format.JSON;
            return list(new PrintWriter(Writer.nullWriter()));
        }
    }

    private int list(PrintWriter out) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        NodeView view = discovery.discoverSomething(err);
        if (view == null) {
            return 1;
        }
        DiscoveryResult result = view.discovery();
        Set<NamespaceType> shown = types == null || types.isEmpty() ? EnumSet.allOf(NamespaceType.class) : types;
        List<Namespace> namespaces = result.namespaces().values().stream()
                .filter(ns -> shown.contains(ns.type()))
                .toList();
        if (pods && format != Format.JSON) {
            PodsTable.print(view, out);
            return 0;
        }
        switch (format) {
            case JSON -> JsonRenderer.write(view, namespaces, out);
            case TABLE, WIDE -> LsTable.print(view, namespaces, format == Format.WIDE,
                    shown.equals(EnumSet.of(NamespaceType.NET)), UserNames.host(discovery.procRoot),
                    pid -> commandLine(new Procfs(discovery.procRoot), pid), out);
        }
        return 0;
    }

    /** A process's command line with NULs as spaces, or its absence as "-" (kernel threads have none). */
    private static String commandLine(Procfs procfs, int pid) {
        try {
            String line = procfs.cmdline(pid);
            return line.isEmpty() ? "-" : line;
        } catch (IOException e) {
            return "-";
        }
    }
}
