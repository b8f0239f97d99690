package io.lxkns.crds;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** metav1.Conditions the way both lxkns resources use them. */
public final class Conditions {
    /** NodeNamespaces: the discovery ran; ClusterNamespaces: the operator aggregated the nodes. */
    public static final String READY = "Ready";
    /** NodeNamespaces: the size cap dropped detail; the message says what. */
    public static final String TRUNCATED = "Truncated";
    /** NodeNamespaces: one per engine kind, {@code Engine-docker}, {@code Engine-containerd}. */
    public static final String ENGINE_PREFIX = "Engine-";
    /** ClusterNamespaces: nodes are stale or missing. */
    public static final String DEGRADED = "Degraded";

    private Conditions() {}

    public static Condition of(String type, boolean status, String reason, String message, Instant now) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).withLastTransitionTime(now.toString()).build();
    }

    /**
     * {@code next}, where each condition whose status did not change keeps its earlier transition time
     * (the Kubernetes convention: the time says when the status last flipped). {@code previous} is
     * whatever is stored, written by anyone: null entries and entries without a type are ignored.
     */
    public static List<Condition> keepTransitionTimes(List<Condition> previous, List<Condition> next) {
        if (previous == null) {
            return next;
        }
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : next) {
            Condition copy = new ConditionBuilder(condition).build();
            previous.stream()
                    .filter(c -> c != null && Objects.equals(c.getType(), copy.getType())
                            && Objects.equals(c.getStatus(), copy.getStatus()))
                    .findFirst()
                    .filter(old -> old.getLastTransitionTime() != null)
                    .ifPresent(old -> copy.setLastTransitionTime(old.getLastTransitionTime()));
            merged.add(copy);
        }
        return merged;
    }
}
