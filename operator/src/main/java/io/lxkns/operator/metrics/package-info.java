/** The operator's Prometheus metrics (served with its probes through {@link io.lxkns.support.http.Endpoints}). */
package io.lxkns.operator.metrics;
