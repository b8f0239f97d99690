package io.lxkns.discovery.model;

/**
 * A place where a namespace is bind-mounted.
 *
 * @param path the mount point, as the mount namespace's own processes see it
 * @param mountNamespace the mount namespace the mount lives in
 */
public record BindMount(String path, NamespaceId mountNamespace) {}
