package io.lxkns.agent;

import io.lxkns.agent.cli.LxknsCommand;
import io.lxkns.discovery.linux.NativeSupport;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Before JNA or netty load native code: where the temporary directory is mounted noexec,
        // both unpack theirs into an exec-able cache directory instead.
        NativeSupport.prepare().ifPresent(dir -> {
            if (System.getProperty("io.netty.native.workdir") == null) {
                System.setProperty("io.netty.native.workdir", dir.toString());
            }
        });
        System.exit(LxknsCommand.commandLine(args).execute(args));
    }
}
