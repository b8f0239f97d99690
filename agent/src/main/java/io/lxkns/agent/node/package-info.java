/**
 * This node at one moment: {@link io.lxkns.agent.node.NodeObserver} runs a namespace discovery while
 * the engines are asked for their containers, and {@link io.lxkns.agent.node.Correlator} joins the two
 * into a {@link io.lxkns.agent.node.NodeView}: which process belongs to which container, which
 * containers and pods are in which namespace. The CLI, the agent and its dry run all observe through
 * here.
 */
package io.lxkns.agent.node;
