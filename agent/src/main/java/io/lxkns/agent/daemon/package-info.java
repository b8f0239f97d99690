/**
 * The agent's loop (DaemonSet mode): discover on an interval and on engine events, build and cap
 * the NodeNamespaces status, hand it to the publisher, and keep the health and readiness the
 * probes and metrics report.
 */
package io.lxkns.agent.daemon;
