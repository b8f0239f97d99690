package io.lxkns.agent.engines;

import java.util.Locale;

/**
 * The container engines lxkns asks; in the order their containers are listed. The CRI comes first:
 * it is what the kubelet itself uses, and where it answers, it names the pods.
 */
public enum EngineKind {
    CRI,
    CONTAINERD,
    DOCKER;

    /** How it is named in output, conditions and metrics: {@code cri}, {@code containerd}, {@code docker}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
