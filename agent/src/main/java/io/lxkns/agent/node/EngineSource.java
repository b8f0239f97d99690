package io.lxkns.agent.node;

import io.lxkns.agent.engines.EngineConfig;
import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Engines;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where an observation gets the engines' containers from. */
public interface EngineSource {
    /** Starts asking; the observer joins the answer after its discovery. */
    CompletableFuture<List<EngineSnapshot>> ask();

    /** No engines: namespaces only. */
    static EngineSource none() {
        return () -> CompletableFuture.completedFuture(List.of());
    }

    /** Every engine asked once, while the discovery runs (the CLI, the agent's dry run). */
    static EngineSource listOnce(EngineConfig config) {
        return () -> CompletableFuture.supplyAsync(() -> Engines.listOnce(config));
    }

    /** What the engines' trackers know now (the agent, which follows their events). */
    static EngineSource followed(Engines engines) {
        return () -> CompletableFuture.completedFuture(engines.snapshot());
    }
}
