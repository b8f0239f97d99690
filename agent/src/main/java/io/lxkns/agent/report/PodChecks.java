package io.lxkns.agent.report;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.NamespaceModes;
import io.lxkns.agent.engines.NamespaceModes.Mode;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.agent.node.NodeView;
import io.lxkns.agent.node.UserMaps;
import io.lxkns.crds.Findings;
import io.lxkns.crds.NodeNamespacesStatus.Finding;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pod-isolation checks a node can make on its own, without the API server: each pod's sandbox
 * as the CRI runtime was asked for it against the namespaces its processes are in, and the user
 * namespaces of {@code hostUsers: false} pods as the kernel maps them. They also hold for static
 * pods, and where the agent has no API access.
 */
final class PodChecks {
    /** The sandbox modes by the namespace type they decide. */
    private static final Map<NamespaceType, java.util.function.Function<NamespaceModes, Mode>> MODES = Map.of(
            NamespaceType.NET, NamespaceModes::network,
            NamespaceType.PID, NamespaceModes::pid,
            NamespaceType.IPC, NamespaceModes::ipc,
            NamespaceType.USER, NamespaceModes::user);

    private PodChecks() {}

    static List<Finding> of(NodeView view) {
        Map<Pod, List<Container>> pods = new LinkedHashMap<>();
        view.containers().stream().filter(c -> c.pod() != null)
                .forEach(c -> pods.computeIfAbsent(c.pod().identity(), k -> new ArrayList<>()).add(c));
        List<Finding> findings = new ArrayList<>();
        Map<NamespaceId, String> podOfUserNamespace = new LinkedHashMap<>();
        pods.forEach((pod, containers) -> {
            view.sandboxOf(pod).filter(Sandbox::ready).filter(s -> s.modes() != null)
                    .ifPresent(sandbox -> modes(view, pod, sandbox, containers, findings));
            for (Container container : containers) {
                NamespaceId user = namespace(view, container, NamespaceType.USER);
                if (user != null && view.userMaps().containsKey(user)) {
                    podOfUserNamespace.putIfAbsent(user, pod.qualifiedName());
                }
            }
        });
        userMaps(view, podOfUserNamespace, findings);
        return findings;
    }

    /** What the kubelet asked the runtime for, against where the pod's processes are. */
    private static void modes(NodeView view, Pod pod, Sandbox sandbox, List<Container> containers, List<Finding> findings) {
        for (NamespaceType type : List.of(NamespaceType.NET, NamespaceType.PID, NamespaceType.IPC, NamespaceType.USER)) {
            Mode mode = MODES.get(type).apply(sandbox.modes());
            if (mode == null || mode == Mode.TARGET) {
                continue;
            }
            NamespaceId host = view.discovery().initial().get(type);
            List<String> inHost = containers.stream().filter(c -> host != null && host.equals(namespace(view, c, type)))
                    .map(Container::name).toList();
            List<String> notInHost = containers.stream().filter(c -> namespace(view, c, type) != null
                    && !namespace(view, c, type).equals(host)).map(Container::name).toList();
            if (mode == Mode.NODE && !notInHost.isEmpty()) {
                findings.add(mismatch(pod, sandbox, type, mode, "containers " + Findings.listed(notInHost)
                        + " are not in the host's " + type.procName() + " namespace"));
            } else if (mode != Mode.NODE && !inHost.isEmpty()) {
                findings.add(mismatch(pod, sandbox, type, mode, "containers " + Findings.listed(inHost)
                        + " are in the host's " + type.procName() + " namespace " + host));
            } else if (type == NamespaceType.PID && mode != Mode.NODE) {
                sharedPid(view, pod, sandbox, mode, containers, findings);
            }
        }
        List<String> asked = sandbox.modes().uidMap().stream().map(Object::toString).toList();
        NamespaceId user = containers.stream().map(c -> namespace(view, c, NamespaceType.USER)).filter(Objects::nonNull)
                .findFirst().orElse(null);
        UserMaps maps = user == null ? null : view.userMaps().get(user);
        if (!asked.isEmpty() && maps != null && !asked.equals(maps.uids().stream().map(Object::toString).toList())) {
            findings.add(mismatch(pod, sandbox, NamespaceType.USER, sandbox.modes().user(), "the kernel maps uids "
                    + maps.uids() + ", not " + asked + " as asked"));
        }
    }

    /**
     * {@code shareProcessNamespace}: with POD every app container is in the sandbox's PID namespace,
     * with CONTAINER none is.
     */
    private static void sharedPid(NodeView view, Pod pod, Sandbox sandbox, Mode mode, List<Container> containers,
            List<Finding> findings) {
        ProcessInfo sandboxProcess = view.discovery().processes().get(sandbox.pid());
        NamespaceId pods = sandboxProcess == null ? null : sandboxProcess.namespace(NamespaceType.PID);
        if (pods == null) {
            return;
        }
        List<Container> apps = containers.stream().filter(c -> !c.pod().sandbox()).toList();
        List<String> wrong = apps.stream().filter(c -> namespace(view, c, NamespaceType.PID) != null
                && (mode == Mode.POD) != pods.equals(namespace(view, c, NamespaceType.PID))).map(Container::name).toList();
        if (!wrong.isEmpty()) {
            findings.add(mismatch(pod, sandbox, NamespaceType.PID, mode, "containers " + Findings.listed(wrong)
                    + (mode == Mode.POD ? " are not in" : " are in") + " the sandbox's PID namespace " + pods));
        }
    }

    private static Finding mismatch(Pod pod, Sandbox sandbox, NamespaceType type, Mode mode, String observed) {
        return new Finding(Findings.NAMESPACE_MODE_MISMATCH, Findings.WARNING, Findings.bounded("pod "
                + pod.qualifiedName() + ": its runtime (" + sandbox.runtime() + ") was asked for " + type.procName()
                + " mode " + mode.label() + " (" + meaning(mode) + "), but " + observed + "; the pod is not isolated"
                + " as its spec says: check the runtime, its handler and any webhook that changed the pod."),
                null, pod.qualifiedName());
    }

    private static String meaning(Mode mode) {
        return switch (mode) {
            case POD -> "one namespace for the pod";
            case CONTAINER -> "one namespace per container";
            case NODE -> "the host's namespace";
            case TARGET -> "another container's namespace";
        };
    }

    /** {@code hostUsers: false} proven: no pod maps the host's root, and no two pods map the same host ids. */
    private static void userMaps(NodeView view, Map<NamespaceId, String> podOf, List<Finding> findings) {
        List<NamespaceId> namespaces = new ArrayList<>(podOf.keySet());
        for (int i = 0; i < namespaces.size(); i++) {
            NamespaceId user = namespaces.get(i);
            UserMaps maps = view.userMaps().get(user);
            if (maps.mapsHostRoot()) {
                findings.add(new Finding(Findings.USER_NAMESPACE_MAPS_HOST_ROOT, Findings.WARNING, Findings.bounded("pod "
                        + podOf.get(user) + " is in its own user namespace " + user + ", but it maps the host's root"
                        + " (uid map " + maps.uids() + "): root in the pod is root on the node for every file and"
                        + " process the pod can reach."), user.toString(), podOf.get(user)));
            }
            Set<String> sharing = new TreeSet<>();
            for (int j = i + 1; j < namespaces.size(); j++) {
                NamespaceId other = namespaces.get(j);
                if (!podOf.get(other).equals(podOf.get(user)) && maps.overlapsOnHost(view.userMaps().get(other))) {
                    sharing.add(podOf.get(other) + " (" + other + ")");
                }
            }
            if (!sharing.isEmpty()) {
                findings.add(new Finding(Findings.USER_NAMESPACE_OVERLAP, Findings.WARNING, Findings.bounded("pod "
                        + podOf.get(user) + " (user namespace " + user + ", uid map " + maps.uids() + ") maps host ids"
                        + " that pods " + Findings.listed(List.copyOf(sharing)) + " map too: their files and processes"
                        + " are the same users on the node, so one pod's root can reach the other's."),
                        user.toString(), podOf.get(user)));
            }
        }
    }

    private static NamespaceId namespace(NodeView view, Container container, NamespaceType type) {
        ProcessInfo process = view.discovery().processes().get(container.pid());
        return process == null ? null : process.namespace(type);
    }
}
