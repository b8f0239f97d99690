package io.lxkns.kubectl.cli;

import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.Connection;
import io.lxkns.kubectl.render.Bounded;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(
        name = "kubectl lxkns",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Shows the Linux namespaces of pods and nodes as the lxkns agents observed them, and the "
                    + "pod-isolation findings of the lxkns operator.",
            "",
            "Reads the Kubernetes API only, never a node: the NodeNamespaces each node's agent writes, "
                    + "the operator's ClusterNamespaces/cluster and, for users who may not read those "
                    + "cluster-scoped objects, the OpenReports Report 'lxkns' of their namespace.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 shown; 1 not found, forbidden or failed (one line on stderr); 2 usage.",
            "See docs/kubectl.md for the RBAC each command needs."
        })
public final class Plugin implements Callable<Integer> {
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("pod", PodCommand::new);
        COMMANDS.put("node", NodeCommand::new);
        COMMANDS.put("pid", PidCommand::new);
        COMMANDS.put("findings", FindingsCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    // kubectl's own flags, accepted before or after the command name (INHERIT) as kubectl accepts them.
    @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config, else the pod's service account)")
    Path kubeconfig;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "the kubeconfig context to use (default: its current context)")
    String context;

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
            description = "the Kubernetes namespace (default: the context's, else 'default')")
    String namespace;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table, json or yaml (default: table); json and yaml print the documented object of docs/kubectl.md")
    Output output = Output.table;

    @Spec
    CommandSpec spec;

    /**
     * Runs the plugin; returns the exit code. Only the command that {@code args} names is added:
     * picocli reads a command's annotations when it is added, a good part of a short run.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String wanted = firstWord(args);
        return commandLine(wanted, new PrintWriter(out, false, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private static CommandLine commandLine(String wanted, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Plugin());
        boolean all = wanted == null || !COMMANDS.containsKey(wanted) || wanted.equals("help");
        COMMANDS.forEach((name, command) -> {
            if (all || name.equals(wanted)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + Bounded.cell(e.getMessage(), 300));
            command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            // One line, as the exit code promises; a failure no command foresaw says what it was.
            String message = failure instanceof Failure ? failure.getMessage()
                    : "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
            command.getErr().println("error: " + Bounded.cell(message, 600));
            return 1;
        });
        return cli;
    }

    /** The first argument that is not a flag or a flag's value: the command's name. */
    private static String firstWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return arg;
            }
            if (!arg.contains("=") && (arg.equals("--kubeconfig") || arg.equals("--context") || arg.equals("-n")
                    || arg.equals("--namespace") || arg.equals("-o") || arg.equals("--output"))) {
                i++; // its value
            }
        }
        return null;
    }

    /** Without a command: the usage, as kubectl prints for a command group. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return 0;
    }

    Connection connect() {
        return Connection.open(kubeconfig, context);
    }

    Output output() {
        return output;
    }

    /** A note on stderr: what could not be read, and what is shown instead. */
    static void note(PrintWriter err, String text) {
        err.println("note: " + Bounded.cell(text, 600));
    }
}
