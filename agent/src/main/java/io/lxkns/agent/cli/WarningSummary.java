package io.lxkns.agent.cli;

import io.lxkns.agent.correlate.NodeView;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Warning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What discovery could not see, told once on stderr: a line per kind of problem with a count and an
 * example, or every warning with {@code --verbose}. Processes that exit mid-scan and zombies are
 * normal and only shown with {@code --verbose}. An engine that could not be asked is always told.
 */
final class WarningSummary {
    private WarningSummary() {}

    static void print(NodeView view, boolean verbose, PrintWriter err) {
        DiscoveryResult result = view.discovery();
        view.engineWarnings().forEach(warning -> err.println("lxkns: " + warning));
        if (verbose) {
            result.warnings().forEach(w -> err.println("lxkns: " + w.message()));
            err.flush();
            return;
        }
        Map<Warning.Kind, List<Warning>> byKind = new EnumMap<>(Warning.Kind.class);
        for (Warning warning : result.warnings()) {
            byKind.computeIfAbsent(warning.kind(), k -> new ArrayList<>()).add(warning);
        }
        List<Warning> denied = byKind.remove(Warning.Kind.PERMISSION_DENIED);
        if (denied != null) {
            String who = isRoot() ? "" : "not running as root: ";
            err.printf("lxkns: %s%d item(s) could not be read (permission denied), e.g. %s;%n"
                    + "lxkns: namespaces that only those processes hold are missing. Run as root to see everything.%n",
                    who, denied.size(), denied.get(0).message());
        }
        byKind.remove(Warning.Kind.VANISHED);
        byKind.remove(Warning.Kind.ZOMBIE);
        byKind.forEach((kind, warnings) -> err.printf("lxkns: %d warning(s) of kind %s, e.g. %s (--verbose shows all)%n",
                warnings.size(), kind.name().toLowerCase().replace('_', ' '), warnings.get(0).message()));
        err.flush();
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
