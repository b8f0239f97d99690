/**
 * Reading and parsing procfs, rooted at an injectable directory so that parsers run on fixture
 * trees in tests. Parsers are strict: a malformed line is a {@link
 * io.lxkns.discovery.procfs.ProcfsFormatException}, which the caller turns into a warning.
 */
package io.lxkns.discovery.procfs;
