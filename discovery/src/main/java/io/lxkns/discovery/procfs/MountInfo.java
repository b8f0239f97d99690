package io.lxkns.discovery.procfs;

/**
 * One line of {@code /proc/PID/mountinfo} (see proc_pid_mountinfo(5)), the fields discovery uses.
 *
 * @param mountId field 1
 * @param root field 4: the root of the mount within its filesystem; for an nsfs bind mount the
 *     namespace's text form, {@code net:[4026532...]}
 * @param mountPoint field 5, relative to the reading process's root, unescaped
 * @param options field 6, the per-mount options ({@code rw,noexec,...})
 * @param fsType the first field after the {@code -} separator
 * @param superOptions the last field, the file system's options (for cgroup v1, its controllers)
 */
public record MountInfo(int mountId, String root, String mountPoint, String options, String fsType,
        String superOptions) {

    /** True when {@code option} is one of the comma-separated per-mount options. */
    public boolean hasOption(String option) {
        return (',' + options + ',').contains(',' + option + ',');
    }

    /** True when {@code option} is one of the file system's comma-separated options. */
    public boolean hasSuperOption(String option) {
        return (',' + superOptions + ',').contains(',' + option + ',');
    }

    /** Parses a line; the optional fields between field 6 and the separator may be any number. */
    public static MountInfo parse(String line) throws ProcfsFormatException {
        String[] fields = line.split(" ");
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (separator < 0 || separator + 1 >= fields.length) {
            throw new ProcfsFormatException("malformed mountinfo line: " + ProcStat.abbreviate(line));
        }
        try {
            return new MountInfo(Integer.parseInt(fields[0]), unescape(fields[3]), unescape(fields[4]), fields[5],
                    fields[separator + 1], fields[fields.length - 1]);
        } catch (NumberFormatException e) {
            throw new ProcfsFormatException("malformed mountinfo line: " + ProcStat.abbreviate(line));
        }
    }

    /** The kernel escapes space, tab, newline and backslash in paths as three-digit octal {@code \ooo}. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String text, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
