/**
 * The agent's HTTP routes, served through {@link io.lxkns.support.http.Endpoints}: {@code /healthz}, {@code /readyz}, {@code
 * /metrics} (Prometheus) and {@code /api/v1/discovery} (the JSON of {@code lxkns ls -o json}).
 */
package io.lxkns.agent.http;
