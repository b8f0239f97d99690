/**
 * containerd over gRPC on its unix socket, with stubs generated from our own minimal .proto files
 * ({@code src/main/protobuf}, package {@code api}). Every call but {@code Events.Subscribe} names its
 * containerd namespace in the {@code containerd-namespace} header; all namespaces are walked.
 */
package io.lxkns.agent.engines.containerd;
