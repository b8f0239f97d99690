/**
 * The immutable result of a discovery: namespaces, processes, how each namespace was found, and the
 * warnings collected on the way. Records only; no I/O.
 */
package io.lxkns.discovery.model;
