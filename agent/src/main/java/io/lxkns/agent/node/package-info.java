/**
 * Joins a namespace discovery with the engines' containers: which process belongs to which
 * container, which containers and pods are in which namespace.
 */
package io.lxkns.agent.correlate;
