package io.lxkns.agent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

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
        },
        subcommands = {LsCommand.class, TreeCommand.class, AgentCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class LxknsCommand implements Callable<Integer> {

    /** The command line with lxkns's conventions: case-insensitive enum values, usage on bad input. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LxknsCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    @Spec
    CommandSpec spec;

    /** Without a subcommand, behave as {@code ls} with its defaults (on the same output streams). */
    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("ls").execute();
    }
}
