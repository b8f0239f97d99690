package io.lxkns.agent.render;

import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.procfs.InRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * UID to user name, from the host's {@code /etc/passwd}; unknown UIDs show as numbers, like lsns
 * does. The names are the host's also in a pod, whose own {@code /etc/passwd} is the image's.
 */
public final class UserNames {
    private final Map<Integer, String> names = new HashMap<>();

    /** From a passwd file; none (numbers only) for null. */
    public UserNames(Path passwd) {
        if (passwd == null) {
            return;
        }
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2) {
                    try {
                        names.putIfAbsent(Integer.parseInt(fields[2]), fields[0]);
                    } catch (NumberFormatException e) {
                        // a comment or a broken line: not a user
                    }
                }
            }
        } catch (IOException e) {
            // no passwd file (a minimal container image): every user shows as a number
        }
    }

    /**
     * The host's users, read through the host's root as seen in {@code procRoot}; where that root
     * cannot be reached (no CAP_SYS_PTRACE, not the host's PID namespace), none: every user shows as
     * a number rather than as a name from another user database.
     */
    public static UserNames host(Path procRoot) {
        Optional<Path> passwd = Discovery.hostRoot(procRoot).flatMap(root -> {
            try {
                return Optional.of(InRoot.resolve(root, "/etc/passwd"));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        return new UserNames(passwd.orElse(null));
    }

    public String name(int uid) {
        return names.getOrDefault(uid, Integer.toUnsignedString(uid));
    }
}
