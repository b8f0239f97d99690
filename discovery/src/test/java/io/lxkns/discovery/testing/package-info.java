/** Test helpers: real processes in real namespaces, started and killed by the test that owns them. */
package io.lxkns.discovery.testing;
