/** The {@code lxkns} executable: {@link io.lxkns.agent.Main} hands the command line to picocli. */
package io.lxkns.agent;
