/**
 * {@code kubectl lxkns}: a kubectl plugin that shows what the lxkns agents and operator published, a
 * pod's namespaces, a node's namespace tree, the container of a host PID and the findings. It reads
 * the Kubernetes API only (never a node), and treats everything it reads as written by a possibly
 * compromised node: text is escaped and bounded before it reaches a terminal.
 *
 * <p>{@link io.lxkns.kubectl.Main} is the entry point; the packages below it each have one job:
 * {@code cli} the commands and flags, {@code cluster} the API reads, {@code openreports} the Report
 * contract, {@code view} the output objects, {@code render} text, JSON and YAML, {@code training}
 * the class-data sharing archive's training run.
 */
package io.lxkns.kubectl;
