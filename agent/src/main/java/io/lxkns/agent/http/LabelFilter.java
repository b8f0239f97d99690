package io.lxkns.agent.http;

import io.lxkns.agent.engines.Pod;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which container labels may leave the node: labels hold what their authors put there (a team's
 * database password has been seen in one). By default only the pod identity the kubelet sets; an
 * operator may allow more keys, exactly or by a prefix ending in {@code *}.
 */
public final class LabelFilter implements Predicate<String> {
    /** The keys the kubelet sets on every container: they name a pod, nothing more. */
    public static final Set<String> IDENTITY = Set.of(Pod.NAMESPACE_LABEL, Pod.NAME_LABEL, Pod.UID_LABEL, Pod.CONTAINER_LABEL);

    private final List<String> allowed;

    public LabelFilter(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    @Override
    public boolean test(String key) {
        if (IDENTITY.contains(key)) {
            return true;
        }
        for (String pattern : allowed) {
            boolean matches = pattern.endsWith("*") ? key.startsWith(pattern.substring(0, pattern.length() - 1))
                    : key.equals(pattern);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
