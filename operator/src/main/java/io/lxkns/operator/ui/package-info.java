/**
 * The read-only web UI: an immutable snapshot of what the last reconcile saw ({@link
 * io.lxkns.operator.ui.UiSnapshot}), the views built from it as JSON ({@link io.lxkns.operator.ui.UiViews}),
 * and the loopback listener that serves them with the static page ({@link io.lxkns.operator.ui.UiServer}).
 * Every string in a view may come from a compromised node: the page renders them as text only.
 */
package io.lxkns.operator.ui;
