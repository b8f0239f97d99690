/**
 * Writes this node's NodeNamespaces to the API server, and only when it should: when its content
 * (hashed without its timestamps) changed and the minimum interval has passed, or when the slow
 * refresh is due. What is written is built elsewhere ({@link io.lxkns.agent.report}).
 */
package io.lxkns.agent.publish;
