package io.lxkns.kubectl.view;

import java.util.List;
import java.util.regex.Pattern;

/** The namespace types in the order the plugin shows them, and the text form of a namespace id. */
public final class NamespaceTypes {
    /** Isolation-relevant first, as pods' host flags name them; then the rest. */
    public static final List<String> ORDER = List.of("net", "pid", "ipc", "uts", "user", "mnt", "cgroup", "time");

    private static final Pattern ID = Pattern.compile("(cgroup|ipc|mnt|net|pid|time|user|uts):\\[([0-9]{1,20})\\]");

    private NamespaceTypes() {}

    /** Whether {@code id} is {@code type:[inode]}; anything else from a report is not used as an id. */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The inode of {@code type:[inode]}, for compact table cells; anything else as it is. */
    public static String inode(String id) {
        if (id == null) {
            return null;
        }
        var matcher = ID.matcher(id);
        return matcher.matches() ? matcher.group(2) : id;
    }

    /** A sort key: the type's place in {@link #ORDER}, then the inode numerically. */
    public static String sortKey(String id) {
        var matcher = id == null ? null : ID.matcher(id);
        if (matcher == null || !matcher.matches()) {
            return "9" + id;
        }
        String inode = matcher.group(2);
        return ORDER.indexOf(matcher.group(1)) + "0".repeat(20 - inode.length()) + inode;
    }
}
