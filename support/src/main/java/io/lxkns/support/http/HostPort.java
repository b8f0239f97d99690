package io.lxkns.support.http;

import java.net.InetSocketAddress;

/** {@code HOST:PORT} as the command lines take it ({@code 127.0.0.1:9090}, {@code [::1]:9090}). */
public final class HostPort {
    private HostPort() {}

    /** @throws IllegalArgumentException naming what was wrong with {@code text} */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("wants HOST:PORT, not " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wants HOST:PORT with a numeric port, not " + text);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        return new InetSocketAddress(host, port);
    }

    /** {@code address} as {@code HOST:PORT}, the way the command lines take it. */
    public static String format(InetSocketAddress address) {
        String host = address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
