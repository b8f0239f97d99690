package io.lxkns.agent.engines;

import java.time.Instant;

/**
 * A pod sandbox as the container runtime (through the CRI) reports it: the pod spec as the node
 * enforces it. The runtime lists sandboxes that are not ready any more, too, until the kubelet
 * removes them; those have no process, but still name the network namespace they had.
 *
 * @param id the runtime's sandbox id (for containerd, also the pause container's id)
 * @param pod the pod it was made for; {@code container} is empty, {@code sandbox} true
 * @param runtime the runtime that answered, with its version: {@code containerd 1.7.20}, {@code cri-o 1.30.4}
 * @param ready whether the runtime says the sandbox is ready (running)
 * @param created when the runtime created it; null when it did not say
 * @param modes the namespace modes the kubelet asked for; null when the runtime did not say
 * @param netnsPath the network namespace file the runtime made for it (e.g. {@code /var/run/netns/cni-…}),
 *     as the host sees it; null for a pod in the host's network namespace or when not said
 * @param pid the sandbox process's PID on the host; 0 when there is none (not ready, or CRI-O without
 *     an infra container)
 */
public record Sandbox(String id, Pod pod, String runtime, boolean ready, Instant created, NamespaceModes modes,
        String netnsPath, int pid) {}
