/**
 * Small helpers the agent and the operator share: the build's version, content digests, durations,
 * terminal escaping and daemon threads.
 */
package io.lxkns.support;
