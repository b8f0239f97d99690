/**
 * The training run behind {@code bin/kubectl-lxkns}'s class-data sharing archive: the plugin's
 * commands against a canned cluster on loopback, so that the archive holds the classes a real run
 * loads, without touching the user's cluster or credentials.
 */
package io.lxkns.kubectl.training;
