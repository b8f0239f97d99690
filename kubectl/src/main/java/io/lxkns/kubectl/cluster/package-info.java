/**
 * The Kubernetes API, as the plugin uses it: a client for kubectl's kubeconfig, context and
 * namespace ({@link io.lxkns.kubectl.cluster.Connection}), and the few reads the commands make
 * ({@link io.lxkns.kubectl.cluster.LxknsApi}), each answering found, not found or forbidden.
 */
package io.lxkns.kubectl.cluster;
