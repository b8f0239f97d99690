package io.lxkns.agent.engines;

import java.util.List;

/**
 * One engine's containers at one moment.
 *
 * @param up whether the engine answered its last call
 * @param listed whether it has ever been listed (false: its containers are unknown, not absent)
 * @param error why it is down; null when up
 */
public record EngineSnapshot(EngineKind engine, String endpoint, boolean up, boolean listed, String error,
        List<Container> containers) {

    public EngineSnapshot {
        containers = List.copyOf(containers);
    }
}
