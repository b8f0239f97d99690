/**
 * The NodeNamespaces custom resource of this node: built from a node view, capped in size, hashed
 * without its timestamps, and written to the API server only when its content changed (at most once
 * per minimum interval) or the slow refresh is due.
 */
package io.lxkns.agent.publish;
