/**
 * The command line: kubectl's connection flags on every command, one class per command, exit codes
 * (0 shown, 1 not found / forbidden / failed with one line on stderr, 2 usage). Commands read through
 * {@code cluster}, build a {@code view} and hand it to {@code render}; this package decides what to
 * fall back on when an object is forbidden, and says so on stderr.
 */
package io.lxkns.kubectl.cli;
