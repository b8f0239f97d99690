package io.lxkns.agent.engines;

import java.util.Locale;

/** The container engines lxkns asks; in the order their containers are listed. */
public enum EngineKind {
    CONTAINERD,
    DOCKER;

    /** How it is named in output, conditions and metrics: {@code containerd}, {@code docker}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
