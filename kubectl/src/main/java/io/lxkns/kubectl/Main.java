package io.lxkns.kubectl;

import io.lxkns.kubectl.cli.Plugin;
import io.lxkns.kubectl.training.Training;

/** {@code kubectl-lxkns}: kubectl runs it as {@code kubectl lxkns ARGS}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(Training.ARG)) {
            System.exit(Training.run()); // bin/kubectl-lxkns, when it makes its class-data sharing archive
        }
        System.exit(Plugin.run(args, System.out, System.err));
    }
}
