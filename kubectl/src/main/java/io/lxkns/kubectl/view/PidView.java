package io.lxkns.kubectl.view;

import java.util.List;

/**
 * {@code kubectl lxkns pid}: what a node's report says about one of its PIDs. The report knows two
 * kinds of PID only: each container's init process, and each namespace's leader (its lowest-numbered
 * topmost process); both lists empty means the report does not list that PID, not that no such
 * process exists.
 *
 * @param observedAt when the node's agent looked; the PID may have been reused since
 * @param containers containers whose init process it is
 * @param leaderOf namespaces it leads
 */
public record PidView(String node, int pid, String observedAt, List<ContainerMatch> containers,
        List<LeaderMatch> leaderOf) {

    /** @param pod {@code namespace/name} */
    public record ContainerMatch(String pod, String podUid, String container, String containerId, String engine,
            boolean sandbox) {}

    /** @param pods the pods ({@code namespace/name}) with a container in that namespace */
    public record LeaderMatch(String namespace, String type, String comm, List<String> pods, List<String> containers) {}

    public boolean listed() {
        return !containers.isEmpty() || !leaderOf.isEmpty();
    }
}
