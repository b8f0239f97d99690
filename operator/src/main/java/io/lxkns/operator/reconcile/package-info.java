/**
 * The java-operator-sdk side: one reconciler for the ClusterNamespaces singleton, fed by informers on
 * NodeNamespaces, Pods and Nodes whose caches hold only what the analysis reads; Warning Events on
 * Pods, garbage collection of orphaned NodeNamespaces, and leader election.
 */
package io.lxkns.operator.reconcile;
