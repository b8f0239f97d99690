package io.lxkns.agent.node;

import io.lxkns.crds.IdRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user namespace's uid and gid maps as the kernel has them ({@code /proc/PID/uid_map}, read from
 * the host's user namespace, so {@code host} is a host id): the proof of what {@code hostUsers:
 * false} gives a pod, whatever was asked for.
 */
public record UserMaps(List<IdRange> uids, List<IdRange> gids) {
    /** The kernel allows at most {@link IdRange#MAX_MAP_LINES} lines; a map file is far below this many bytes. */
    private static final int MAX_BYTES = 16 * 1024;

    public UserMaps {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** The maps of {@code pid}'s user namespace; null when they cannot be read (the process went). */
    static UserMaps read(Path procRoot, int pid) {
        try {
            Path dir = procRoot.resolve(Integer.toString(pid));
            return new UserMaps(ranges(dir.resolve("uid_map")), ranges(dir.resolve("gid_map")));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static List<IdRange> ranges(Path map) throws IOException {
        String text;
        try (InputStream in = Files.newInputStream(map)) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
        }
        List<IdRange> ranges = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3) {
                ranges.add(new IdRange(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            }
        }
        return ranges;
    }

    /** Whether any host id is mapped by both. */
    public boolean overlapsOnHost(UserMaps other) {
        return IdRange.overlapOnHost(uids, other.uids) || IdRange.overlapOnHost(gids, other.gids);
    }

    public boolean mapsHostRoot() {
        return IdRange.anyMapsHostRoot(uids);
    }
}
