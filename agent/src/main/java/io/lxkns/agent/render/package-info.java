/**
 * Turns a {@link io.lxkns.discovery.model.DiscoveryResult} into what people and programs read: the
 * JSON contract (docs/json.md), the {@code ls} table and the user and PID namespace trees. No I/O
 * besides the writer it is given and the user-name lookup.
 */
package io.lxkns.agent.render;
