/**
 * Docker's Engine API on its unix socket, through a small HTTP/1.1 client of our own on the JDK's
 * unix sockets and jackson-core's streaming parser: docker-java with its HTTP stack cost a cold
 * {@code lxkns ls} about 0.45 s of CPU (docs/benchmarks.md). Docker keeps its containers' labels to
 * itself (containerd's {@code moby} namespace has none), so Docker is asked directly.
 */
package io.lxkns.agent.engines.docker;
