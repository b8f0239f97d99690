/**
 * The picocli commands of {@code lxkns}: {@code ls} (the default) and {@code tree}, with the
 * discovery options they share and the summary of what discovery could not see.
 */
package io.lxkns.agent.cli;
