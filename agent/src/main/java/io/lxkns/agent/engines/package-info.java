/**
 * Container engines: the running containers of Docker and containerd on this node, with their
 * init PIDs and Kubernetes identity, kept current by the engines' event streams. An engine that is
 * down is reported and retried; it never stops or delays namespace discovery.
 */
package io.lxkns.agent.engines;
