package io.lxkns.agent.node;

import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.model.DiscoveryResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/** Observes this node: discovers its namespaces, asks its engines, and correlates the two. */
public final class NodeObserver {
    private final Function<DiscoveryOptions, DiscoveryResult> discovery;
    private final DiscoveryOptions options;
    private final EngineSource engines;

    public NodeObserver(DiscoveryOptions options, EngineSource engines) {
        this(Discovery::discover, options, engines);
    }

    private NodeObserver(Function<DiscoveryOptions, DiscoveryResult> discovery, DiscoveryOptions options, EngineSource engines) {
        this.discovery = discovery;
        this.options = options;
        this.engines = engines;
    }

    public NodeView observe() {
        var snapshots = engines.ask();
        DiscoveryResult result = discovery.apply(options);
        return Correlator.correlate(result, snapshots.join());
    }

    /** An observer that sees {@code view} every time: a synthetic node, for tests. */
    public static NodeObserver replaying(NodeView view) {
        return new NodeObserver(options -> view.discovery(), DiscoveryOptions.full(),
                () -> CompletableFuture.completedFuture(view.engines()));
    }

    /** An observer of a synthetic node without engines whose namespaces change: each discovery asks {@code results}. */
    public static NodeObserver replaying(Supplier<DiscoveryResult> results) {
        return new NodeObserver(options -> results.get(), DiscoveryOptions.full(), EngineSource.none());
    }
}
