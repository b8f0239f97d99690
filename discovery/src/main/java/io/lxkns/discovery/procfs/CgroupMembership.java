package io.lxkns.discovery.procfs;

/** Parses {@code /proc/PID/cgroup} (see cgroups(7)): lines of {@code hierarchy-ID:controllers:path}. */
public final class CgroupMembership {
    private CgroupMembership() {}

    /**
     * The path in the unified (v2) hierarchy, or, when {@code controller} is not null, in the v1
     * hierarchy that has that controller. Null when there is no such line.
     */
    public static String path(String content, String controller) throws ProcfsFormatException {
        for (String line : content.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                throw new ProcfsFormatException("malformed cgroup line: " + ProcStat.abbreviate(line));
            }
            String controllers = line.substring(first + 1, second);
            boolean match = controller == null
                    ? line.startsWith("0::")
                    : (',' + controllers + ',').contains(',' + controller + ',');
            if (match) {
                return line.substring(second + 1);
            }
        }
        return null;
    }
}
