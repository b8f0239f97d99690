/**
 * The NodeNamespaces object of this node, built from a node view by pure functions: {@link
 * io.lxkns.agent.report.NodeReport} makes the whole object (metadata and status), {@link
 * io.lxkns.agent.report.StatusBuilder} the status, {@link io.lxkns.agent.report.NodeFindings} what the
 * node can tell about itself, and {@link io.lxkns.agent.report.SizeCap} keeps it under its size cap.
 * Nothing here does I/O.
 */
package io.lxkns.agent.report;
