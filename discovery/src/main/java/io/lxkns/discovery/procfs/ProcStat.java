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
     * first {@code (} to the <em>last</em> {@code )}.
     */
    public static ProcStat parse(String line) throws ProcfsFormatException {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new ProcfsFormatException("no (comm) in stat line: " + abbreviate(line));
        }
        String[] rest = line.substring(close + 1).trim().split(" ");
        if (rest.length <= STARTTIME_AFTER_COMM || rest[0].length() != 1) {
            throw new ProcfsFormatException("truncated stat line: " + abbreviate(line));
        }
        try {
            return new ProcStat(
                    Integer.parseInt(line.substring(0, open).trim()),
                    line.substring(open + 1, close),
                    rest[0].charAt(0),
                    Integer.parseInt(rest[1]),
                    Integer.parseInt(rest[THREADS_AFTER_COMM]),
                    Long.parseLong(rest[STARTTIME_AFTER_COMM]));
        } catch (NumberFormatException e) {
            throw new ProcfsFormatException("non-numeric field in stat line: " + abbreviate(line));
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ');
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
