/**
 * What reaches the terminal: tables, trees, JSON and YAML. Every string from the cluster passes
 * {@link io.lxkns.kubectl.render.Terminal} (tables and trees) or a format's own escapes (JSON, YAML)
 * on its way out, and table cells are cut to a bound ({@link io.lxkns.kubectl.render.Bounded}).
 * The per-command layouts are in {@code *Text} classes; they take view objects and do no I/O besides
 * the writer they are given.
 */
package io.lxkns.kubectl.render;
