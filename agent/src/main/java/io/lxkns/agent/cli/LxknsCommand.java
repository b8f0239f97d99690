package io.lxkns.agent.cli;

import io.lxkns.discovery.linux.NativeUnavailableException;
import io.lxkns.support.Durations;
import java.net.BindException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(
        name = "lxkns",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Discovers Linux-kernel namespaces, including those lsns does not see: namespaces that only "
                    + "a thread, a bind mount (in any mount namespace), an open file descriptor or a socket "
                    + "holds, and the user and PID namespace hierarchy with the namespaces each user "
                    + "namespace owns.",
            "",
            "Without a command, runs 'ls'. Run as root to see every process.",
            ""
        })
public final class LxknsCommand implements Callable<Integer> {
    private static final String DEFAULT_COMMAND = "ls";
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put(DEFAULT_COMMAND, LsCommand::new);
        SUBCOMMANDS.put("tree", TreeCommand::new);
        SUBCOMMANDS.put("agent", AgentCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    /** The command line with every subcommand, for help and tests. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for {@code args}, with lxkns's conventions (case-insensitive enum values,
     * usage on bad input). Picocli reads a command's annotations when it is added, which is most of
     * a cold start's parsing time, so only the subcommand that {@code args} names is added; without
     * one, {@code ls}; anything else (help, a typo) gets them all.
     */
    public static CommandLine commandLine(String[] args) {
        String wanted = args == null ? null : args.length == 0 ? DEFAULT_COMMAND : args[0];
        CommandLine cli = new CommandLine(new LxknsCommand());
        boolean all = !SUBCOMMANDS.containsKey(wanted) || wanted.equals("help");
        SUBCOMMANDS.forEach((name, command) -> {
            if (all || name.equals(wanted)) {
                cli.addSubcommand(name, command.get());
            }
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Duration.class, Durations::parse);
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof NativeUnavailableException || failure instanceof BindException) {
                command.getErr().println("lxkns: " + failure.getMessage());
                return 1; // the message names the cause and the fix: a stack trace would bury it
            }
            throw failure;
        });
        return cli;
    }

    @Spec
    CommandSpec spec;

    /** Without a subcommand, behave as {@code ls} with its defaults (on the same output streams). */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get(DEFAULT_COMMAND).execute();
    }
}
