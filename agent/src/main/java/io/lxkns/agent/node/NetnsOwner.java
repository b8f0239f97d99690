package io.lxkns.agent.node;

import java.time.Instant;

/**
 * The pod a network namespace was made for, as the runtime said (its sandbox's netns) and as the
 * agent saw it since it started: who left a network namespace behind, and since when.
 *
 * @param pod {@code namespace/name}
 * @param path the netns file the runtime made for it; null when it did not say
 * @param gone when the sandbox was first seen not ready or no more listed; null while it is ready, or
 *     when that was before this observer started (the runtime still lists it as not ready)
 * @param ready whether the sandbox is ready now
 */
public record NetnsOwner(String pod, String podUid, String sandboxId, String path, boolean ready, Instant gone) {

    NetnsOwner goneAt(Instant when) {
        return new NetnsOwner(pod, podUid, sandboxId, path, false, gone != null ? gone : when);
    }
}
