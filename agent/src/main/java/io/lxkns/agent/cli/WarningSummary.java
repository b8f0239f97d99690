package io.lxkns.agent.cli;

import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.linux.NativeSupport;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Warning;
import io.lxkns.support.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What discovery could not see, told once on stderr: a line per kind of problem with a count and an
 * example, or every warning with {@code --verbose}. Processes that exit mid-scan and zombies are
 * normal and only shown with {@code --verbose}. An engine that could not be asked is always told.
 */
final class WarningSummary {
    private WarningSummary() {}

    static void print(NodeView view, boolean verbose, PrintWriter err) {
        DiscoveryResult result = view.discovery();
        view.engineWarnings().forEach(warning -> err.println("lxkns: " + Terminal.escaped(warning)));
        if (verbose) {
            result.warnings().forEach(w -> err.println("lxkns: " + Terminal.escaped(w.message())));
            err.flush();
            return;
        }
        Map<Warning.Kind, List<Warning>> byKind = new EnumMap<>(Warning.Kind.class);
        for (Warning warning : result.warnings()) {
            byKind.computeIfAbsent(warning.kind(), k -> new ArrayList<>()).add(warning);
        }
        List<Warning> denied = byKind.remove(Warning.Kind.PERMISSION_DENIED);
        if (denied != null) {
            err.printf("lxkns: %s%d item(s) could not be read (permission denied), e.g. %s;%n"
                    + "lxkns: namespaces that only those processes hold are missing. %s%n",
                    NativeSupport.isRoot() ? "" : "not running as root: ", denied.size(), Terminal.escaped(denied.get(0).message()),
                    remedy(NativeSupport.isRoot(), missingCapabilities()));
        }
        byKind.remove(Warning.Kind.VANISHED);
        byKind.remove(Warning.Kind.ZOMBIE);
        byKind.forEach((kind, warnings) -> err.printf("lxkns: %d warning(s) of kind %s, e.g. %s (--verbose shows all)%n",
                warnings.size(), kind.name().toLowerCase().replace('_', ' '), Terminal.escaped(warnings.get(0).message())));
        err.flush();
    }

    /** The capabilities discovery uses, by number (capability.h), as the chart names them. */
    private static final Map<Integer, String> CAPABILITIES = new TreeMap<>(Map.of(
            2, "DAC_READ_SEARCH", 12, "NET_ADMIN", 18, "SYS_CHROOT", 19, "SYS_PTRACE", 21, "SYS_ADMIN"));

    /** What to do about denied reads: what is actually missing, not advice the user already followed. */
    static String remedy(boolean root, List<String> missing) {
        if (!root) {
            return "Run as root to see everything.";
        }
        if (!missing.isEmpty()) {
            return "Running as root, but without CAP_" + String.join(", CAP_", missing)
                    + ": grant those to see everything.";
        }
        return "Running as root with every capability discovery uses: the kernel or a security module"
                + " (AppArmor, SELinux, a seccomp filter) denied these.";
    }

    /** Which of {@link #CAPABILITIES} this process lacks, from CapEff in /proc/self/status. */
    static List<String> missingCapabilities() {
        long effective;
        try {
            effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .mapToLong(line -> Long.parseUnsignedLong(line.substring(7).strip(), 16))
                    .findFirst().orElse(0);
        } catch (IOException | NumberFormatException e) {
            effective = 0;
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Integer, String> capability : CAPABILITIES.entrySet()) {
            if ((effective & (1L << capability.getKey())) == 0) {
                missing.add(capability.getValue());
            }
        }
        return missing;
    }
}
