/** The operator's Prometheus metrics and its HTTP endpoints (probes and /metrics). */
package io.lxkns.operator.metrics;
