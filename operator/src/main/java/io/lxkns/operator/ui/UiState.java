package io.lxkns.operator.ui;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The last snapshot the leader made, and who leads. A standby has no snapshot: it does not
 * reconcile, and its views say so and name the leader.
 */
public final class UiState {
    private final AtomicReference<UiSnapshot> snapshot = new AtomicReference<>();
    private volatile String leader;

    public void publish(UiSnapshot next) {
        snapshot.set(next);
    }

    /** No longer leading: what it last saw is not kept up to date any more. */
    public void clear() {
        snapshot.set(null);
    }

    public UiSnapshot snapshot() {
        return snapshot.get();
    }

    public void leader(String name) {
        leader = name;
    }

    /** The leader's identity as the Lease says, or null when not known yet. */
    public String leader() {
        return leader;
    }
}
