/**
 * The objects the commands print: one record per command ({@link io.lxkns.kubectl.view.PodView},
 * {@link io.lxkns.kubectl.view.NodeView}, {@link io.lxkns.kubectl.view.PidView},
 * {@link io.lxkns.kubectl.view.FindingsView}), made from the cluster's objects by pure functions.
 * Their JSON and YAML form ({@code -o json|yaml}) is a documented, stable contract (docs/kubectl.md),
 * independent of the custom resources' layout; tables are rendered from the same objects.
 */
package io.lxkns.kubectl.view;
