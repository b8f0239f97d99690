package io.lxkns.discovery.procfs;

import java.util.ArrayList;
import java.util.List;

/** What discovery reads from {@code /proc/PID/status}. */
public final class ProcStatus {
    private ProcStatus() {}

    /**
     * The {@code NSpid:} line: the process's PID in each PID namespace it is in, outermost first.
     * Kernels before 4.1 lack the line; that is a format error here.
     */
    public static List<Integer> nspids(String status) throws ProcfsFormatException {
        for (String line : status.split("\n")) {
            if (line.startsWith("NSpid:")) {
                List<Integer> pids = new ArrayList<>();
                try {
                    for (String value : line.substring("NSpid:".length()).trim().split("\\s+")) {
                        pids.add(Integer.parseInt(value));
                    }
                } catch (NumberFormatException e) {
                    throw new ProcfsFormatException("malformed NSpid line: " + ProcStat.abbreviate(line));
                }
                return pids;
            }
        }
        throw new ProcfsFormatException("no NSpid line in status");
    }
}
