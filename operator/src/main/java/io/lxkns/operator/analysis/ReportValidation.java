package io.lxkns.operator.analysis;

import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.PodContainer;
import io.lxkns.crds.NodeNamespacesStatus.PodEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator will take from a node's report. A node may be broken or compromised: whatever
 * its report says that could end up in a finding or an Event (namespace types and ids) must be what
 * a kernel writes, and its counts must be counts. The CRD bounds most of this already; this is the
 * operator's own check, also for a cluster whose CRD is older than its operator.
 */
final class ReportValidation {
    // The CRD's own patterns and limits, checked again here.
    private static final Pattern TYPE = Pattern.compile(NodeNamespacesStatus.TYPE);
    private static final Pattern ID = Pattern.compile(NodeNamespacesStatus.ID);
    private static final Pattern ID_RANGE = Pattern.compile(NodeNamespacesStatus.ID_RANGE);
    private static final Pattern MODE = Pattern.compile(NodeNamespacesStatus.MODE);
    private static final int PROBLEMS_KEPT = 5;

    // One matcher of each pattern per report, reset for each string: a report has hundreds of ids, and
    // at 5,000 nodes a matcher made for each was 0.4 GB of garbage per reconcile.
    private final Matcher type = TYPE.matcher("");
    private final Matcher id = ID.matcher("");
    private final Matcher idRange = ID_RANGE.matcher("");
    private final Matcher mode = MODE.matcher("");
    private final List<String> problems = new ArrayList<>();

    private ReportValidation() {}

    /** What is wrong with a report, at most a few; empty when it may be used. */
    static List<String> problems(NodeNamespacesStatus status) {
        List<String> problems = new ReportValidation().check(status);
        return problems.size() <= PROBLEMS_KEPT ? problems : List.copyOf(problems.subList(0, PROBLEMS_KEPT));
    }

    private List<String> check(NodeNamespacesStatus status) {
        Map<String, String> initial = status.initialNamespaces() == null ? Map.of() : status.initialNamespaces();
        initial.forEach((type, id) -> checkId("initialNamespaces." + type, type, id));
        if (status.summary() != null) {
            NodeNamespacesStatus.Summary summary = status.summary();
            checkCount("summary.namespaces", summary.namespaces());
            checkCount("summary.processes", summary.processes());
            checkCount("summary.containers", summary.containers());
            checkCount("summary.pods", summary.pods());
            if (summary.namespacesByType() != null) {
                summary.namespacesByType().forEach((type, count) -> {
                    if (!isType(type)) {
                        problems.add("summary.namespacesByType has an unknown type");
                    } else if (count == null) {
                        problems.add("summary.namespacesByType." + type + " has no count"); // it would stop the totals
                    } else {
                        checkCount("summary.namespacesByType." + type, count);
                    }
                });
            }
        }
        for (NamespaceEntry entry : list(status.namespaces())) {
            checkId("namespaces[].id", entry.type(), entry.id());
        }
        // The operator's caches share equal maps (PrunedStore): each is checked once.
        Set<Map<String, String>> checked = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Map<String, String>> checkedModes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PodEntry pod : list(status.pods())) {
            idsIn("pods[].namespaces", pod.namespaces(), checked);
            for (String type : list(pod.hostNamespaces())) {
                if (!isType(type)) {
                    problems.add("pods[].hostNamespaces has an unknown type");
                }
            }
            for (PodContainer container : list(pod.containers())) {
                idsIn("pods[].containers[].namespaces", container.namespaces(), checked);
            }
            if (pod.sandbox() != null) {
                for (String range : list(pod.sandbox().uidMap())) {
                    if (range == null || !idRange.reset(range).matches()) {
                        problems.add("pods[].sandbox.uidMap has a line that is not inside:host:length");
                    }
                }
                if (pod.sandbox().modes() != null && checkedModes.add(pod.sandbox().modes())) {
                    pod.sandbox().modes().forEach((type, mode) -> {
                        if (mode == null || !this.mode.reset(mode).matches()) {
                            problems.add("pods[].sandbox.modes has an unknown mode");
                        }
                    });
                }
            }
        }
        for (NodeNamespacesStatus.Finding finding : list(status.findings())) {
            if (Findings.LEAKED.equals(finding.type()) && finding.namespace() != null) {
                checkId("findings[].namespace", null, finding.namespace());
            }
        }
        return problems;
    }

    private void idsIn(String where, Map<String, String> byType, Set<Map<String, String>> checked) {
        if (byType != null && checked.add(byType)) {
            byType.forEach((type, id) -> checkId(where, type, id));
        }
    }

    private boolean isType(String type) {
        return type != null && this.type.reset(type).matches();
    }

    /** An id the kernel could have written, of {@code type} where one is given. */
    private void checkId(String where, String type, String id) {
        boolean ofType = type == null || id != null && id.startsWith(type) && id.startsWith(":", type.length());
        if (id == null || !this.id.reset(id).matches() || !ofType) {
            problems.add(where + " is not a namespace id of its type");
        }
    }

    private void checkCount(String where, Number count) {
        if (count != null && (count.longValue() < 0 || count.longValue() > NodeNamespacesStatus.MAX_COUNT)) {
            problems.add(where + " is not a count (" + count + ")");
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }
}
