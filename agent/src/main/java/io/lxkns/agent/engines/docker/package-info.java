/**
 * Docker through docker-java (core + the httpclient5 transport) on its unix socket. Docker keeps
 * its containers' labels to itself (containerd's {@code moby} namespace has none), so Docker is asked
 * directly.
 */
package io.lxkns.agent.engines.docker;
