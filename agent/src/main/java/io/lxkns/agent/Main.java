package io.lxkns.agent;

import io.lxkns.agent.cli.LxknsCommand;
import io.lxkns.discovery.linux.NativeSupport;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Before JNA or netty load native code: where the temporary directory is mounted noexec,
        // both unpack theirs into an exec-able cache directory instead.
        NativeSupport.prepare().ifPresent(dir -> setIfUnset("io.netty.native.workdir", dir.toString()));
        // The engines' gRPC traffic is a few small messages: netty's pooled buffers cost a cold run
        // 80 ms of CPU to set up (docs/benchmarks.md) and reserve memory that is never used.
        setIfUnset("io.netty.allocator.type", "unpooled");
        System.exit(LxknsCommand.commandLine(args).execute(args));
    }

    private static void setIfUnset(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
