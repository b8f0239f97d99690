package io.lxkns.kubectl.openreports;

import java.util.List;

/**
 * The lxkns Report of one Kubernetes namespace.
 *
 * @param omitted results the operator left out of the Report (it keeps at most 400, failures first),
 *     from the annotation {@value Reports#OMITTED}
 * @param truncated whether it held more results than {@link Reports#MAX_RESULTS}, which were left out here
 */
public record LxknsReport(String namespace, String name, List<ReportResult> results, int omitted, boolean truncated) {}
