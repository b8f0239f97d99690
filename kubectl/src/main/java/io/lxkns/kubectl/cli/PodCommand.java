package io.lxkns.kubectl.cli;

import io.lxkns.crds.ClusterNamespaces;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.PolicyReports;
import io.lxkns.kubectl.Failure;
import io.lxkns.kubectl.cluster.LxknsApi;
import io.lxkns.kubectl.cluster.PodFacts;
import io.lxkns.kubectl.cluster.Read;
import io.lxkns.kubectl.openreports.LxknsReport;
import io.lxkns.kubectl.render.PodText;
import io.lxkns.kubectl.view.FindingView;
import io.lxkns.kubectl.view.FindingsViews;
import io.lxkns.kubectl.view.PodView;
import io.lxkns.kubectl.view.PodViews;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "pod",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A pod's namespaces by container and type, its spec's host flags against what its node saw, its findings.",
            "",
            "Shows where a pod's containers are, by namespace type (net, pid, ipc, uts, user, mnt, cgroup, "
                    + "time): the namespace's inode, 'host' for the node's own namespace, or the inode and "
                    + "'shared with' the other pods on the node in it. Above: the spec's host flags "
                    + "(hostNetwork, hostPID, hostIPC, hostUsers, shareProcessNamespace) against what the "
                    + "node observed. Below: the CRI runtime's sandbox (modes, netns path, uid map) where "
                    + "there is one, and the findings about the pod.",
            "",
            "Data: the Pod (for its node and uid); NodeNamespaces/NODE (the entry with the pod's uid); "
                    + "ClusterNamespaces/cluster (findings). Users who may not read those cluster-scoped "
                    + "objects get the pod's namespaces and findings from the Report 'lxkns' "
                    + "(openreports.io) in the pod's namespace instead, without per-container detail; a "
                    + "line on stderr says so.",
            ""
        })
final class PodCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "the pod's name, in -n NAMESPACE")
    String name;

    @Override
    int run(String namespace, LxknsApi api, Output output, PrintWriter out, PrintWriter err) {
        Read<PodFacts> podRead = api.pod(namespace, name);
        if (podRead.forbidden()) {
            throw new Failure("forbidden: cannot get pod " + namespace + "/" + name + " (needs 'get' on pods in "
                    + namespace + ")");
        }
        if (!podRead.found()) {
            throw new Failure("pod \"" + name + "\" not found in namespace " + namespace);
        }
        PodFacts pod = podRead.value();
        if (pod.nodeName() == null) {
            throw new Failure("pod " + pod.qualifiedName() + " is not scheduled on a node yet");
        }
        Read<NodeNamespaces> node = api.nodeNamespaces(pod.nodeName());
        if (!node.found() && !node.forbidden()) {
            throw noReport(pod.nodeName());
        }
        Read<ClusterNamespaces> cluster = api.clusterNamespaces();
        ReportSource reports = new ReportSource(api, namespace);

        PodView view;
        if (node.found()) {
            view = PodViews.fromNode(pod, pod.nodeName(), status(node.value(), pod.nodeName()),
                    findings(pod, cluster, reports, err));
        } else {
            LxknsReport report = reports.get();
            if (report == null) {
                throw new Failure(reports.unavailable("cannot read " + node.what() + " (forbidden)"));
            }
            List<FindingView> findings = cluster.found() && cluster.value().getStatus() != null
                    ? FindingsViews.ofPod(cluster.value().getStatus(), pod.qualifiedName())
                    : FindingsViews.ofPod(report, pod.namespace(), pod.name(), pod.uid());
            Plugin.note(err, "cannot read " + node.what() + (cluster.forbidden() ? " and " + cluster.what() : "")
                    + " (forbidden); showing " + reports.what() + " instead");
            view = PodViews.fromReport(pod, report, findings);
        }
        output.print(view, PodText::print, out);
        return 0;
    }

    /** The pod's findings: the operator's, else the Report's; {@code null} (and a note) when neither can be read. */
    private static List<FindingView> findings(PodFacts pod, Read<ClusterNamespaces> cluster, ReportSource reports,
            PrintWriter err) {
        if (cluster.found() && cluster.value().getStatus() != null) {
            return FindingsViews.ofPod(cluster.value().getStatus(), pod.qualifiedName());
        }
        if (cluster.forbidden()) {
            LxknsReport report = reports.get();
            if (report != null) {
                Plugin.note(err, "cannot read " + cluster.what() + " (forbidden); the pod's findings are from "
                        + reports.what());
                return FindingsViews.ofPod(report, pod.namespace(), pod.name(), pod.uid());
            }
            Plugin.note(err, reports.unavailable("cannot read " + cluster.what() + " (forbidden)")
                    + "; the pod's findings are not shown");
            return null;
        }
        Plugin.note(err, cluster.found() ? cluster.what() + " has no status yet; the pod's findings are not shown"
                : "no " + cluster.what() + " (is the lxkns operator running?); the pod's findings are not shown");
        return null;
    }

    /** The namespace's lxkns Report, read once and only when needed. */
    static final class ReportSource {
        private final LxknsApi api;
        private final String namespace;
        private Read<LxknsReport> read;

        ReportSource(LxknsApi api, String namespace) {
            this.api = api;
            this.namespace = namespace;
        }

        LxknsReport get() {
            if (read == null) {
                read = api.report(namespace);
            }
            return read.value();
        }

        String what() {
            return "Report " + PolicyReports.NAME + " in namespace " + namespace;
        }

        /** Why the Report is not there either, after {@code first}, the reason it was wanted. */
        String unavailable(String first) {
            return read.forbidden()
                    ? first + ", nor " + what() + " (forbidden; see docs/kubectl.md for the RBAC)"
                    : first + ", and namespace " + namespace + " has no Report " + PolicyReports.NAME
                            + " (does the lxkns operator write Reports?)";
        }
    }
}
