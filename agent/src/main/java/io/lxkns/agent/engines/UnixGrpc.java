package io.lxkns.agent.engines;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel to a unix socket (containerd's API, a CRI runtime), on one event-loop thread of its
 * own, with a deadline for every call and failures worded one way.
 */
public final class UnixGrpc implements AutoCloseable {
    private final String socket;
    private final Duration timeout;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    public UnixGrpc(String name, String socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lxkns-" + name, true),
                EpollIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                .overrideAuthority("localhost")
                .usePlaintext()
                .build();
    }

    public ManagedChannel channel() {
        return channel;
    }

    /** The stub with the deadline of one call. */
    public <S extends AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code engine at socket: what failed: CODE (why)}. */
    public EngineException failure(String engine, String what, StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        Throwable cause = e.getCause();
        String why = description != null ? " (" + description + ")" : cause != null ? " (" + cause.getMessage() + ")" : "";
        return new EngineException(engine + " at " + socket + ": " + what + " failed: " + e.getStatus().getCode() + why, e);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
