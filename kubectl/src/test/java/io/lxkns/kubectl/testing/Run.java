package io.lxkns.kubectl.testing;

/** One run of the plugin: its exit code and what it printed. */
public record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
