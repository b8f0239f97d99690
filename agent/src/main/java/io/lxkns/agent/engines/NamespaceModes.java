package io.lxkns.agent.engines;

import io.lxkns.crds.IdRange;
import java.util.List;
import java.util.Locale;

/**
 * Which namespaces the kubelet asked the runtime to give a pod, from the CRI's {@code
 * NamespaceOption}: the pod spec's {@code hostNetwork}, {@code hostPID}, {@code hostIPC}, {@code
 * shareProcessNamespace} and {@code hostUsers}, as the node enforces them.
 *
 * @param targetId for {@link Mode#TARGET}: the container whose namespace is joined
 * @param user null where the runtime does not say (one without user namespace support drops what
 *     the kubelet asked)
 * @param uidMap the user namespace's uid mappings the runtime was asked for; empty unless {@code user} is POD
 * @param gidMap likewise for gids
 */
public record NamespaceModes(Mode network, Mode pid, Mode ipc, String targetId, Mode user, List<IdRange> uidMap,
        List<IdRange> gidMap) {

    public NamespaceModes {
        uidMap = List.copyOf(uidMap);
        gidMap = List.copyOf(gidMap);
    }

    /**
     * The CRI's {@code NamespaceMode}: POD (one for the pod), CONTAINER (one per container; for PID
     * that is the default without {@code shareProcessNamespace}), NODE (the host's), TARGET (another
     * container's, for ephemeral debug containers).
     */
    public enum Mode {
        POD, CONTAINER, NODE, TARGET;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
