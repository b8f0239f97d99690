package io.lxkns.agent.daemon;

import io.lxkns.agent.engines.EngineConfig;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.discovery.DiscoveryOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How the agent runs; {@code lxkns agent} parses it from its options, whose defaults are the
 * constants here.
 *
 * @param nodeName this node's name: the NodeNamespaces object's name
 * @param interval time between discoveries (container events trigger one sooner)
 * @param minWriteInterval least time between two writes of a changed object (plus up to 10 % jitter)
 * @param refresh write even an unchanged object this often
 * @param maxBytes the cap on the serialized object
 * @param listen where the probes and metrics are served (for anyone who reaches the pod)
 * @param apiListen where the full discovery is served: on loopback to whoever reaches it there,
 *     elsewhere only to callers the API server authenticates and authorizes
 * @param labelAllowlist container label keys (exact, or a prefix ending in {@code *}) the API may
 *     show besides the kubelet's pod identity
 * @param discovery what to discover
 * @param engines which engines to follow; null for none
 */
public record AgentSettings(String nodeName, Duration interval, Duration minWriteInterval, Duration refresh,
        int maxBytes, InetSocketAddress listen, InetSocketAddress apiListen, List<String> labelAllowlist,
        DiscoveryOptions discovery, EngineConfig engines) {
    public static final String DEFAULT_INTERVAL = "30s";
    public static final String DEFAULT_MIN_WRITE_INTERVAL = "30s";
    public static final String DEFAULT_REFRESH = "2m";
    public static final String DEFAULT_LISTEN = "127.0.0.1:9090";
    public static final String DEFAULT_API_LISTEN = "127.0.0.1:9091";

    public AgentSettings {
        labelAllowlist = List.copyOf(labelAllowlist);
    }
}
