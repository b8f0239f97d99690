/**
 * The Kubernetes container runtime interface (CRI, {@code runtime.v1}) that the kubelet speaks to
 * containerd and CRI-O: pods, their sandboxes' namespace modes and network namespaces, and their
 * containers, as the node enforces them.
 */
package io.lxkns.agent.engines.cri;
