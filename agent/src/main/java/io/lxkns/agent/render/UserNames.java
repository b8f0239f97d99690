package io.lxkns.agent.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** UID to user name, from {@code /etc/passwd}; unknown UIDs show as numbers, like lsns does. */
public final class UserNames {
    private final Map<Integer, String> names = new HashMap<>();

    public UserNames(Path passwd) {
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

    public static UserNames system() {
        return new UserNames(Path.of("/etc/passwd"));
    }

    public String name(int uid) {
        return names.getOrDefault(uid, Integer.toUnsignedString(uid));
    }
}
