package io.lxkns.agent.engines.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on a unix socket that answers each connection with what a test's handler writes, byte
 * for byte: a well-behaved engine, a broken one, a hostile one.
 */
final class RawServer implements AutoCloseable {
    /** Writes the answer to one request (its first line given) on the connection. */
    interface Handler {
        void answer(String requestLine, SocketChannel connection) throws Exception;
    }

    private final Path directory;
    private final Path socket;
    private final ServerSocketChannel server;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    RawServer(Handler handler) throws IOException {
        directory = Files.createTempDirectory("lxkns-raw");
        socket = directory.resolve("engine.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(() -> serve(handler), "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String socket() {
        return socket.toString();
    }

    private void serve(Handler handler) {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.add(connection);
            Thread answering = new Thread(() -> {
                try {
                    String head = readHead(connection);
                    requests.add(head);
                    handler.answer(head.lines().findFirst().orElse(""), connection);
                } catch (Exception e) {
                    // the client went away, or the test closed us
                }
            }, "raw-server-answer");
            answering.setDaemon(true);
            answering.start();
        }
    }

    private static String readHead(SocketChannel connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (true) {
            if (connection.read(buffer) < 0) {
                break;
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            if (text.contains("\r\n\r\n")) {
                return text;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    static void write(SocketChannel connection, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            connection.write(bytes);
        }
    }

    /** A complete answer with a Content-Length. */
    static String ok(String json) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(directory);
    }
}
