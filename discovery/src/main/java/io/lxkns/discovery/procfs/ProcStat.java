package io.lxkns.discovery.procfs;

/**
 * The fields of {@code /proc/PID/stat} that discovery uses (see proc_pid_stat(5)).
 *
 * @param pid field 1
 * @param comm field 2, without the surrounding parentheses
 * @param state field 3
 * @param ppid field 4
 * @param threads field 20, num_threads
 * @param starttime field 22, in clock ticks since boot
 */
public record ProcStat(int pid, String comm, char state, int ppid, int threads, long starttime) {

    /** Index of num_threads and starttime among the fields that follow comm (state is index 0). */
    private static final int THREADS_AFTER_COMM = 17;
    private static final int STARTTIME_AFTER_COMM = 19;

    /**
     * Parses one stat line. The command name may contain spaces and parentheses, so it runs from the
     * first {@code (} to the <em>last</em> {@code )}. The fields after it are found by position
     * rather than split: a stat line has some fifty and discovery parses one per process.
     */
    public static ProcStat parse(String line) throws ProcfsFormatException {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new ProcfsFormatException("no (comm) in stat line: " + abbreviate(line));
        }
        int end = line.length();
        while (end > close + 1 && line.charAt(end - 1) <= ' ') {
            end--;
        }
        int start = close + 1;
        while (start < end && line.charAt(start) <= ' ') {
            start++;
        }
        // starts[i] and ends[i]: field i after comm (state is 0), up to starttime.
        int[] starts = new int[STARTTIME_AFTER_COMM + 1];
        int[] ends = new int[STARTTIME_AFTER_COMM + 1];
        int field = 0;
        for (int i = start; i <= end && field <= STARTTIME_AFTER_COMM; i++) {
            if (i == end || line.charAt(i) == ' ') {
                starts[field] = start;
                ends[field++] = i;
                start = i + 1;
            }
        }
        if (field <= STARTTIME_AFTER_COMM || ends[0] - starts[0] != 1) {
            throw new ProcfsFormatException("truncated stat line: " + abbreviate(line));
        }
        try {
            return new ProcStat(
                    Integer.parseInt(line.substring(0, open).trim()),
                    line.substring(open + 1, close),
                    line.charAt(starts[0]),
                    Integer.parseInt(line, starts[1], ends[1], 10),
                    Integer.parseInt(line, starts[THREADS_AFTER_COMM], ends[THREADS_AFTER_COMM], 10),
                    Long.parseLong(line, starts[STARTTIME_AFTER_COMM], ends[STARTTIME_AFTER_COMM], 10));
        } catch (NumberFormatException e) {
            throw new ProcfsFormatException("non-numeric field in stat line: " + abbreviate(line));
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
