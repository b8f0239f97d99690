package io.lxkns.discovery.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a set-up or clean-up command and fails, with its output, when it does not succeed. */
public final class Sh {
    private Sh() {}

    public static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                        + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command)
                    + " (hack/test.sh installs what the tests need): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Clean-up: runs every command even if one fails, then reports the first failure. */
    public static void cleanUp(List<String[]> commands) {
        IllegalStateException first = null;
        for (String[] command : commands) {
            try {
                run(command);
            } catch (IllegalStateException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A name no other test run uses, for netns names and directories. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }
}
