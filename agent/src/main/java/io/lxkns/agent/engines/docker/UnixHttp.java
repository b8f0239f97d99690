package io.lxkns.agent.engines.docker;

import io.lxkns.support.Daemons;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 GET requests to a server on a unix socket, one connection per request ({@code
 * Connection: close}): all that the Docker Engine API needs from HTTP.
 *
 * <p>Whoever can start containers controls what the engine answers, and a socket path may lead to
 * something that is not an engine at all. So everything a request waits for has a deadline (the
 * connection is closed when it passes, which ends any blocked call), and every answer a bound: the
 * header lines, their number, and the body.
 */
final class UnixHttp {
    /** The largest body read whole: a node's container list and one container's details fit easily. */
    static final int MAX_BODY_BYTES = 16 << 20;
    private static final int MAX_LINE_BYTES = 8 << 10;
    private static final int MAX_HEADERS = 100;
    private static final ScheduledThreadPoolExecutor DEADLINES = new ScheduledThreadPoolExecutor(1,
            Daemons.named("lxkns-unix-http-deadlines"));

    static {
        DEADLINES.setRemoveOnCancelPolicy(true); // a request done in time leaves nothing queued behind
    }

    /** A whole answer. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A request whose answer is read as it comes, without a deadline; closing it closes the
     * connection, which ends a read blocked on it.
     */
    static final class Stream implements Closeable {
        private final SocketChannel channel;
        private final InputStream in;

        private Stream(SocketChannel channel, InputStream in) {
            this.channel = channel;
            this.in = in;
        }

        /**
         * The body of a 200 answer. Its head is read here: Docker sends an event stream's head only
         * with the first event, so an idle engine makes this wait.
         */
        InputStream body() throws IOException {
            int status = status(in);
            Map<String, String> headers = headers(in);
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            return UnixHttp.body(in, headers);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The request did not complete within its time: the connection was closed under it. */
    static final class TimeoutException extends IOException {
        TimeoutException(String message) {
            super(message);
        }
    }

    private final UnixDomainSocketAddress socket;

    UnixHttp(String socket) {
        this.socket = UnixDomainSocketAddress.of(socket);
    }

    /** {@code GET path}, connecting, sending and reading the whole answer within {@code timeout}. */
    Response get(String path, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(channel), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try (channel) {
            InputStream in = request(channel, path);
            int status = status(in);
            byte[] body = body(in, headers(in)).readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("an answer larger than " + (MAX_BODY_BYTES >> 20) + " MiB to GET " + path);
            }
            return new Response(status, body);
        } catch (ClosedChannelException e) {
            throw timedOut(path, timeout, e);
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * {@code GET path} for an answer that does not end (an event stream): connected and sent within
     * {@code timeout}; the answer is read from the stream as it comes.
     */
    Stream stream(String path, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(channel), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try {
            InputStream in = request(channel, path);
            if (!deadline.cancel(false)) {
                throw new ClosedChannelException(); // the deadline passed just as the request went out
            }
            return new Stream(channel, in);
        } catch (ClosedChannelException e) {
            closeQuietly(channel);
            throw timedOut(path, timeout, e);
        } catch (IOException | RuntimeException e) {
            deadline.cancel(false);
            closeQuietly(channel);
            throw e;
        }
    }

    private InputStream request(SocketChannel channel, String path) throws IOException {
        channel.connect(socket);
        // Docker requires a Host header and ignores its value.
        String request = "GET " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n";
        ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        return new BufferedInputStream(Channels.newInputStream(channel), 16 << 10);
    }

    private static int status(InputStream in) throws IOException {
        String line = line(in);
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || parts[1].length() != 3) {
            throw new IOException("not an HTTP answer: " + printable(line));
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + printable(line), e);
        }
    }

    /** The header fields, names in lower case. */
    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int fields = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            if (++fields > MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    private static InputStream body(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return new Chunked(in);
        }
        String length = headers.get("content-length");
        if (length == null) {
            return in; // until the server closes: Connection: close
        }
        long bytes;
        try {
            bytes = Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new IOException("not a Content-Length: " + printable(length), e);
        }
        if (bytes < 0 || bytes > MAX_BODY_BYTES) {
            throw new IOException("a Content-Length of " + bytes + " bytes");
        }
        return new Bounded(in, bytes);
    }

    /** One CRLF-terminated line, without its end; bounded. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the connection closed in the middle of a line");
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes in the answer's head or chunks");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** A body decoded from the connection's bytes, read in blocks. */
    private abstract static class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Exactly a Content-Length of bytes; fewer is an error, not a short answer. */
    private static final class Bounded extends Body {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the answer's end");
            }
            left -= read;
            return read;
        }
    }

    /** A chunked body (RFC 9112, 7.1), decoded. */
    private static final class Chunked extends Body {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (left == 0 && !done) {
                left = nextChunkSize();
                done = left == 0;
            }
            if (done) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, left));
            if (read < 0) {
                throw new EOFException("the connection closed inside a chunk");
            }
            left -= read;
            if (left == 0 && !line(in).isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
            return read;
        }

        private long nextChunkSize() throws IOException {
            String line = line(in);
            int extension = line.indexOf(';');
            String size = (extension < 0 ? line : line.substring(0, extension)).strip();
            long bytes;
            try {
                bytes = Long.parseLong(size, 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + printable(line), e);
            }
            if (bytes < 0 || bytes > MAX_BODY_BYTES) {
                throw new IOException("a chunk of " + bytes + " bytes");
            }
            return bytes;
        }
    }

    private static IOException timedOut(String path, Duration timeout, IOException cause) {
        TimeoutException timedOut = new TimeoutException("GET " + path + " not done within " + timeout.toMillis() + " ms");
        timedOut.initCause(cause);
        return timedOut;
    }

    /** At most 80 characters of a line that was not what it should be, for a message. */
    private static String printable(String line) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return shown.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? shown : "(" + line.length() + " bytes, unprintable)";
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing a local socket: nothing left to do
        }
    }
}
