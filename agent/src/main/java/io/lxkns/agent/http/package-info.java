/**
 * The agent's HTTP endpoints on the JDK's own server: {@code /healthz}, {@code /readyz}, {@code
 * /metrics} (Prometheus) and {@code /api/v1/discovery} (the JSON of {@code lxkns ls -o json}).
 */
package io.lxkns.agent.http;
