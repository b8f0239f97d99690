package io.lxkns.operator;

import io.lxkns.support.Durations;
import java.net.BindException;
import java.time.Duration;
import picocli.CommandLine;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Durations are taken as Kubernetes users write them (30s, 5m) as well as ISO-8601. */
    static CommandLine commandLine() {
        return new CommandLine(new OperatorCommand())
                .registerConverter(Duration.class, Durations::parse)
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    if (failure instanceof BindException) {
                        command.getErr().println("lxkns-operator: " + failure.getMessage());
                        return 1; // names the address: a stack trace would bury it
                    }
                    throw failure;
                });
    }
}
