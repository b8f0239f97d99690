package io.lxkns.agent.node;

import io.lxkns.agent.engines.Container;
import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Observes this node: discovers its namespaces, asks its engines, and correlates the two. One
 * observer remembers across its observations which pod each network namespace was made for.
 */
public final class NodeObserver {
    private final Function<DiscoveryOptions, DiscoveryResult> discovery;
    private final DiscoveryOptions options;
    private final EngineSource engines;
    private final Function<NodeView, Map<NamespaceId, UserMaps>> userMaps;
    private final SandboxHistory history = new SandboxHistory();
    private final Clock clock;

    public NodeObserver(DiscoveryOptions options, EngineSource engines) {
        this.discovery = Discovery::discover;
        this.options = options;
        this.engines = engines;
        this.userMaps = this::userMaps;
        this.clock = Clock.systemUTC();
    }

    /** A synthetic node's observer: its maps are made up with it, not read from this machine's procfs. */
    NodeObserver(Function<DiscoveryOptions, DiscoveryResult> discovery, EngineSource engines,
            Map<NamespaceId, UserMaps> userMaps, Clock clock) {
        this.discovery = discovery;
        this.options = DiscoveryOptions.full();
        this.engines = engines;
        this.userMaps = view -> userMaps;
        this.clock = clock;
    }

    public NodeView observe() {
        var snapshots = engines.ask();
        DiscoveryResult result = discovery.apply(options);
        NodeView view = Correlator.correlate(result, snapshots.join());
        return view.withPodFacts(userMaps.apply(view), history.update(view, clock.instant()));
    }

    /** The maps of each user namespace a pod's container is in, other than the host's. */
    private Map<NamespaceId, UserMaps> userMaps(NodeView view) {
        NamespaceId hostUser = view.discovery().initial().get(NamespaceType.USER);
        Map<NamespaceId, UserMaps> maps = new HashMap<>();
        for (Container container : view.containers()) {
            ProcessInfo process = container.pod() == null ? null : view.discovery().processes().get(container.pid());
            NamespaceId user = process == null ? null : process.namespace(NamespaceType.USER);
            if (user != null && !user.equals(hostUser) && !maps.containsKey(user)) {
                UserMaps read = UserMaps.read(options.procRoot(), container.pid());
                if (read != null) {
                    maps.put(user, read);
                }
            }
        }
        return maps;
    }

    /** An observer that sees {@code view} every time: a synthetic node, for tests. */
    public static NodeObserver replaying(NodeView view) {
        return new NodeObserver(options -> view.discovery(), () -> CompletableFuture.completedFuture(view.engines()),
                view.userMaps(), Clock.systemUTC());
    }

    /** An observer of a synthetic node without engines whose namespaces change: each discovery asks {@code results}. */
    public static NodeObserver replaying(Supplier<DiscoveryResult> results) {
        return new NodeObserver(options -> results.get(), EngineSource.none(), Map.of(), Clock.systemUTC());
    }
}
