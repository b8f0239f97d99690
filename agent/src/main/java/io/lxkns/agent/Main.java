package io.lxkns.agent;

import io.lxkns.agent.cli.LxknsCommand;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(LxknsCommand.commandLine(args).execute(args));
    }
}
