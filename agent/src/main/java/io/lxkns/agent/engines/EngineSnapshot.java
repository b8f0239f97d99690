package io.lxkns.agent.engines;

import java.util.List;

/**
 * One engine's containers at one moment.
 *
 * @param up whether the engine answered its last call
 * @param listed whether it has ever been listed (false: its containers are unknown, not absent)
 * @param error why it is down; null when up
 * @param sandboxes the pod sandboxes a CRI runtime lists, ready or not; empty for other engines
 */
public record EngineSnapshot(EngineKind engine, String endpoint, boolean up, boolean listed, String error,
        List<Container> containers, List<Sandbox> sandboxes) {

    public EngineSnapshot {
        containers = List.copyOf(containers);
        sandboxes = List.copyOf(sandboxes);
    }

    /** An engine without sandboxes (Docker, containerd's own API). */
    public EngineSnapshot(EngineKind engine, String endpoint, boolean up, boolean listed, String error,
            List<Container> containers) {
        this(engine, endpoint, up, listed, error, containers, List.of());
    }
}
