/**
 * The discovery pipeline: {@link io.lxkns.discovery.Discovery#discover} scans procfs and nsfs in
 * stages that each add to one mutable builder, then freezes it into an immutable {@link
 * io.lxkns.discovery.model.DiscoveryResult}. A process that vanishes or may not be read is a
 * warning, never an exception.
 */
package io.lxkns.discovery;
