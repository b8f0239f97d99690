/**
 * The agent (DaemonSet mode): {@link io.lxkns.agent.daemon.Agent} wires it from its {@link
 * io.lxkns.agent.daemon.AgentSettings}; {@link io.lxkns.agent.daemon.AgentLoop} observes on an
 * interval and on engine events, has the report built and published, and keeps the health and
 * readiness the probes and metrics report.
 */
package io.lxkns.agent.daemon;
