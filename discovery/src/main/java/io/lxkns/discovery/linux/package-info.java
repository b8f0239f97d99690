/**
 * The project's only native boundary: direct-mapped libc calls through JNA, and the nsfs ioctls
 * built on them. Everything outside this package is plain Java.
 *
 * <p>Callers feature-detect through errno ({@code ENOTTY}, {@code ENOSYS}); nothing here looks at
 * kernel version strings.
 */
package io.lxkns.discovery.linux;
