package io.lxkns.agent.report;

import static io.lxkns.agent.testing.HandMade.container;
import static io.lxkns.agent.testing.HandMade.id;
import static io.lxkns.agent.testing.HandMade.ns;
import static io.lxkns.agent.testing.HandMade.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.lxkns.agent.engines.EngineKind;
import io.lxkns.agent.node.NetnsOwner;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.testing.HandMade;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LeakedNamespace and NamespaceSharedAcrossPods, as one node can tell them. */
class NodeFindingsTest {

    private static List<Finding> ofType(List<Finding> findings, String type) {
        return findings.stream().filter(f -> f.type().equals(type)).toList();
    }

    @Test
    void aNamespaceHeldOnlyByABindMountThatNothingOwnsOrParentsIsLeaked() {
        HandMade node = HandMade.host();
        NamespaceId hostMnt = node.initial(NamespaceType.MNT);
        NamespaceId leaked = id(NamespaceType.NET, 4026532500L);
        node.add(ns(leaked).sources(Source.BINDMOUNT).owner(node.initial(NamespaceType.USER))
                .bindMount("/run/netns/cni-1234-leaked", hostMnt));

        List<Finding> findings = NodeFindings.of(node.view());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Findings.LEAKED);
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.namespace()).isEqualTo("net:[4026532500]");
            assertThat(f.pod()).isNull();
            assertThat(f.message()).contains("net:[4026532500]", "/run/netns/cni-1234-leaked");
        });
    }

    @Test
    void ofManyLeaksThoseOfAKnownPodAndThoseMountedMostAreNamedAndTheRestCounted() {
        HandMade node = HandMade.host();
        NamespaceId hostMnt = node.initial(NamespaceType.MNT);
        NamespaceId hostUser = node.initial(NamespaceType.USER);
        for (long inode = 4026532600L; inode < 4026532605L; inode++) { // what another tool left behind
            node.add(ns(id(NamespaceType.NET, inode)).sources(Source.BINDMOUNT).owner(hostUser)
                    .bindMount("/run/netns/old-" + inode, hostMnt));
        }
        NamespaceId flooded = id(NamespaceType.NET, 4026532700L);
        node.add(ns(flooded).sources(Source.BINDMOUNT).owner(hostUser).bindMount("/tmp/a", hostMnt)
                .bindMount("/tmp/b", hostMnt).bindMount("/tmp/c", hostMnt));
        NamespaceId ofPod = id(NamespaceType.NET, 4026532800L);
        node.add(ns(ofPod).sources(Source.BINDMOUNT).owner(hostUser).bindMount("/run/netns/cni-42", hostMnt));
        NodeView view = node.view().withPodFacts(Map.of(), Map.of(ofPod,
                new NetnsOwner("shop/web-0", "uid-1", "0123456789abcdef", "/run/netns/cni-42", false, null)));

        List<Finding> leaks = ofType(NodeFindings.of(view), Findings.LEAKED);

        assertThat(leaks).as("named: the pod's, the one mounted most, then by id; listed by pod and id")
                .extracting(Finding::namespace).containsExactly("net:[4026532800]", "net:[4026532600]",
                        "net:[4026532601]", "net:[4026532602]", "net:[4026532700]", null);
        assertThat(leaks.get(0).pod()).isEqualTo("shop/web-0");
        assertThat(leaks.get(5).message()).startsWith("2 more namespaces are held only by bind mounts");
    }

    @Test
    void aBindMountedNamespaceInUseOtherwiseOrTheHostsOwnIsNotLeaked() {
        HandMade node = HandMade.host();
        NamespaceId hostMnt = node.initial(NamespaceType.MNT);
        NamespaceId hostUser = node.initial(NamespaceType.USER);
        // A process is in it.
        NamespaceId withProcess = id(NamespaceType.NET, 4026532501L);
        node.add(ns(withProcess).sources(Source.PROC, Source.BINDMOUNT).owner(hostUser).processes(1, 600)
                .bindMount("/run/netns/blue", hostMnt));
        node.process(600, 1, "dnsmasq", withProcess);
        // An open fd refers to it.
        NamespaceId withFd = id(NamespaceType.NET, 4026532502L);
        node.add(ns(withFd).sources(Source.FD, Source.BINDMOUNT).owner(hostUser).fdRef(700, 5)
                .bindMount("/run/netns/green", hostMnt));
        // It owns a namespace a process is in.
        NamespaceId owner = id(NamespaceType.USER, 4026532503L);
        node.add(ns(owner).sources(Source.BINDMOUNT).parent(hostUser).ownerUid(1000)
                .bindMount("/run/user/1000/userns", hostMnt));
        NamespaceId owned = id(NamespaceType.UTS, 4026532504L);
        node.add(ns(owned).sources(Source.PROC).owner(owner).processes(1, 610));
        node.process(610, 1, "rootless", owned);
        // It is the parent of a PID namespace a process is in.
        NamespaceId parent = id(NamespaceType.PID, 4026532505L);
        node.add(ns(parent).sources(Source.BINDMOUNT).owner(hostUser).parent(node.initial(NamespaceType.PID))
                .bindMount("/run/pidns/outer", hostMnt));
        NamespaceId child = id(NamespaceType.PID, 4026532506L);
        node.add(ns(child).sources(Source.PROC).owner(hostUser).parent(parent).processes(1, 620));
        node.process(620, 1, "inner", child);
        // The host's own, bind-mounted (here found no other way).
        node.add(ns(node.initial(NamespaceType.NET)).initial().sources(Source.BINDMOUNT).owner(hostUser)
                .bindMount("/run/netns/host", hostMnt));

        List<Finding> findings = NodeFindings.of(node.view());

        assertThat(ofType(findings, Findings.LEAKED)).isEmpty();
    }

    @Test
    void aNamespaceOfAnIsolatingTypeSharedByTwoPodsIsReportedAndOthersAreNot() {
        HandMade node = HandMade.host();
        List<NamespaceId> shared = List.of(
                id(NamespaceType.CGROUP, 4026532600L), id(NamespaceType.IPC, 4026532601L),
                id(NamespaceType.MNT, 4026532602L), id(NamespaceType.NET, 4026532603L),
                id(NamespaceType.PID, 4026532604L), id(NamespaceType.TIME, 4026532605L),
                id(NamespaceType.USER, 4026532606L), id(NamespaceType.UTS, 4026532607L));
        NamespaceId[] all = shared.toArray(NamespaceId[]::new);
        node.process(600, 1, "pause", all);
        node.process(700, 1, "pause", all);
        node.engine(EngineKind.CONTAINERD,
                container("c-b", "POD", EngineKind.CONTAINERD, "k8s.io", 700, pod("shop", "b", "POD", true)),
                container("c-a", "POD", EngineKind.CONTAINERD, "k8s.io", 600, pod("shop", "a", "POD", true)));

        List<Finding> sharing = ofType(NodeFindings.of(node.view()), Findings.SHARED_ACROSS_PODS);

        assertThat(sharing).extracting(Finding::namespace)
                .containsExactlyInAnyOrder("ipc:[4026532601]", "net:[4026532603]", "pid:[4026532604]", "uts:[4026532607]");
        assertThat(sharing).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Findings.WARNING);
            assertThat(f.pod()).as("the first of the pods in container order").isEqualTo("shop/a");
            assertThat(f.message()).contains("shop/a", "shop/b", f.namespace());
        });
    }

    @Test
    void noSharingFindingWithinOnePodWithANonPodContainerOrInTheHostsNamespaces() {
        HandMade node = HandMade.host();
        // Pod a: sandbox and app share net, ipc and uts, as every pod does; a plain Docker container
        // joined its network namespace (docker run --network container:...).
        NamespaceId net = id(NamespaceType.NET, 4026532600L);
        NamespaceId ipc = id(NamespaceType.IPC, 4026532601L);
        NamespaceId uts = id(NamespaceType.UTS, 4026532602L);
        node.process(600, 1, "pause", net, ipc, uts, id(NamespaceType.PID, 4026532610L));
        node.process(601, 1, "app", net, ipc, uts, id(NamespaceType.PID, 4026532611L));
        node.process(800, 1, "debug", net);
        // Pods b and c: hostNetwork, hostIPC, hostUTS and hostPID, both in the host's namespaces.
        node.process(700, 1, "node-exporter");
        node.process(710, 1, "kube-proxy");
        node.engine(EngineKind.CONTAINERD,
                container("c-1", "POD", EngineKind.CONTAINERD, "k8s.io", 600, pod("shop", "a", "POD", true)),
                container("c-2", "app", EngineKind.CONTAINERD, "k8s.io", 601, pod("shop", "a", "app", false)),
                container("c-3", "exporter", EngineKind.CONTAINERD, "k8s.io", 700, pod("monitoring", "b", "exporter", false)),
                container("c-4", "proxy", EngineKind.CONTAINERD, "k8s.io", 710, pod("kube-system", "c", "proxy", false)));
        node.engine(EngineKind.DOCKER, container("d-1", "debug", EngineKind.DOCKER, null, 800, null));

        List<Finding> findings = NodeFindings.of(node.view());

        assertThat(node.view().podsIn(node.initial(NamespaceType.NET))).as("the host's net has two pods").hasSize(2);
        assertThat(node.view().containersIn(net)).as("pod a's net has three containers").hasSize(3);
        assertThat(ofType(findings, Findings.SHARED_ACROSS_PODS)).isEmpty();
    }
}
