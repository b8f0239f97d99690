/**
 * The agent's and the operator's own HTTP endpoints (probes, metrics, the agent's API) on the JDK's
 * HTTP server: bound before anything else starts, so a port in use is a clear error at once.
 */
package io.lxkns.support.http;
