package io.lxkns.agent.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in container engine for the run that records {@code bin/lxkns}'s class-data archive, so
 * that the archive holds the engine clients' classes (the Docker client, gRPC, netty, protobuf: most of what a
 * cold run on a node with engines loads) even where no engine runs while it is recorded.
 *
 * <p>It answers every HTTP request with an empty JSON list (Docker: no containers) and closes any
 * other connection at once (gRPC: the engine is unavailable), so each client connects, sends, and
 * parses or fails as it would against a real engine.
 */
final class TrainingEngine implements AutoCloseable {
    private static final byte[] EMPTY_LIST = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\nConnection: close\r\n\r\n[]").getBytes(StandardCharsets.US_ASCII);

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private TrainingEngine(Path directory, Path socket, ServerSocketChannel server) {
        this.directory = directory;
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(this::serve, "lxkns-training-engine");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TrainingEngine start() throws IOException {
        Path directory = Files.createTempDirectory("lxkns-training");
        Path socket = directory.resolve("engine.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new TrainingEngine(directory, socket, server);
    }

    Path socket() {
        return socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                ByteBuffer request = ByteBuffer.allocate(8192);
                connection.read(request);
                if (new String(request.array(), 0, 4, StandardCharsets.US_ASCII).startsWith("GET ")) {
                    connection.write(ByteBuffer.wrap(EMPTY_LIST));
                }
            } catch (IOException e) {
                // closed (the run is over), or a client gave up: next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
    }
}
