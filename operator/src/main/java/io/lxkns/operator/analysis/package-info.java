/**
 * From Nodes, Pods and every node's NodeNamespaces to the cluster's findings and the
 * ClusterNamespaces status: pure functions, no API calls, so each rule is tested on objects alone.
 */
package io.lxkns.operator.analysis;
