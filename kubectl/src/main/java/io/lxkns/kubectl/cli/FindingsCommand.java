package io.lxkns.kubectl.cli;

import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.LxknsApi;
import io.lxkns.kubectl.cluster.Read;
import io.lxkns.kubectl.openreports.LxknsReport;
import io.lxkns.kubectl.render.FindingsText;
import io.lxkns.kubectl.view.FindingsView;
import io.lxkns.kubectl.view.FindingsViews;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "findings",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "The pod-isolation findings of a namespace (-n) or of all (-A).",
            "",
            "Lists the pod-isolation findings: SEVERITY, TYPE, NODE, POD, NAMESPACE-ID and the MESSAGE "
                    + "(cut in the table, in full with -o json|yaml). Like kubectl get, it shows the "
                    + "namespace of -n (default: the context's) and with -A all namespaces, including the "
                    + "findings about nodes rather than pods (StaleNode, MissingNode, LeakedNamespace, ...).",
            "",
            "Data: ClusterNamespaces/cluster (cluster-scoped, the operator's bounded list, warnings first). "
                    + "Users who may not read it get the non-pass results of the Report 'lxkns' "
                    + "(openreports.io) in the namespace instead (with -A: the Reports of all namespaces); "
                    + "a line on stderr says so.",
            ""
        })
final class FindingsCommand extends ApiCommand {
    /** Namespaces' Reports read with -A at most; a cluster with more is cut, and a note says so. */
    static final int MAX_REPORTS = 2_000;
    /**
     * Findings from Reports shown at most: the operator's own list is bounded (1,000 at most), Reports
     * are not (400 results each, in every namespace).
     */
    static final int MAX_FINDINGS = 10_000;

    @Option(names = {"-A", "--all-namespaces"}, description = "all namespaces, and the findings about nodes")
    boolean allNamespaces;

    @Override
    int run(String current, LxknsApi api, Output output, PrintWriter out, PrintWriter err) {
        String namespace = allNamespaces ? null : current;
        Read<ClusterNamespaces> cluster = api.clusterNamespaces();
        FindingsView view;
        if (cluster.found()) {
            if (cluster.value().getStatus() == null) {
                throw new Failure(cluster.what() + " has no status yet: the lxkns operator has not written it");
            }
            view = FindingsViews.fromCluster(cluster.value().getStatus(), namespace);
            Integer total = view.findingsTotal();
            int listed = cluster.value().getStatus().findings() == null ? 0 : cluster.value().getStatus().findings().size();
            if (total != null && total > listed) {
                Plugin.note(err, "the operator lists " + listed + " of its " + total + " findings (its --max-findings)"
                        + (namespace == null ? "" : "; these are the listed ones about namespace " + namespace));
            }
        } else if (cluster.forbidden()) {
            view = fromReports(api, namespace, cluster, err);
        } else {
            throw new Failure("no " + cluster.what() + ": is the lxkns operator running?");
        }
        output.print(view, (v, w) -> {
            if (v.findings().isEmpty()) {
                // As kubectl get: the table's stdout stays empty, stderr says so.
                err.println(namespace == null ? "No findings." : "No findings in namespace " + namespace + ".");
            } else {
                FindingsText.print(v.findings(), true, w);
            }
        }, out);
        return 0;
    }

    private static FindingsView fromReports(LxknsApi api, String namespace, Read<ClusterNamespaces> cluster,
            PrintWriter err) {
        String why = "cannot read " + cluster.what() + " (forbidden)";
        if (namespace != null) {
            Read<LxknsReport> report = api.report(namespace);
            if (report.forbidden()) {
                throw new Failure("forbidden: cannot read " + cluster.what() + " nor " + report.what()
                        + "; see docs/kubectl.md for the RBAC");
            }
            if (!report.found()) {
                throw new Failure(why + ", and namespace " + namespace + " has no Report " + PolicyReports.NAME
                        + " (does the lxkns operator write Reports?)");
            }
            Plugin.note(err, why + "; showing " + report.what() + " instead" + omitted(List.of(report.value())));
            return FindingsViews.fromReports(List.of(report.value()), namespace);
        }
        Read<List<LxknsReport>> reports = api.reports(MAX_REPORTS);
        if (reports.forbidden()) {
            throw new Failure("forbidden: cannot read " + cluster.what() + " nor list Reports in all namespaces;"
                    + " without -A, the Report of one namespace (-n NAMESPACE) may be readable");
        }
        List<LxknsReport> found = reports.found() ? reports.value() : List.of();
        FindingsView view = FindingsViews.fromReports(found, null);
        int all = view.findings().size();
        Plugin.note(err, why + "; showing the lxkns Reports of all namespaces (" + found.size() + ") instead"
                + (found.size() >= MAX_REPORTS ? ", the first " + MAX_REPORTS + " only" : "") + omitted(found)
                + (all > MAX_FINDINGS ? "; the first " + MAX_FINDINGS + " of their " + all + " findings" : ""));
        return all <= MAX_FINDINGS ? view : new FindingsView(view.source(), null, null, null,
                view.findings().subList(0, MAX_FINDINGS));
    }

    /** What the Reports left out, for the note: a full Report keeps its failures, not every result. */
    private static String omitted(List<LxknsReport> reports) {
        int omitted = reports.stream().mapToInt(LxknsReport::omitted).sum();
        return omitted == 0 ? "" : " (" + omitted + " results left out of full Reports: " + PolicyReports.OMITTED + ")";
    }
}
