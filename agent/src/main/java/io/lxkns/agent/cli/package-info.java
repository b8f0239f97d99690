/**
 * The picocli commands of {@code lxkns}: {@code ls} (the default), {@code tree}, {@code agent} and
 * {@code bench}, with the discovery options they share and the summary of what discovery could not
 * see. Commands parse their options and hand them on; the work is done elsewhere.
 */
package io.lxkns.agent.cli;
