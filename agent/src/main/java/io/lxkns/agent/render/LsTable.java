package io.lxkns.agent.render;

import io.lxkns.agent.engines.Container;
import io.lxkns.agent.engines.Pod;
import io.lxkns.agent.node.NodeView;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The {@code lxkns ls} table: one row per namespace, like lsns, plus how it was found and its owner.
 * PID is the lowest-numbered leader (topmost process) of the namespace, USER and COMMAND are that
 * process's; a namespace no process is in shows "-" there.
 */
public final class LsTable {
    private static final List<String> HEADERS =
            List.of("NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "SOURCES", "OWNER", "CONTAINER", "POD", "PATH");
    private static final List<String> WIDE_HEADERS = List.of(
            "NS", "TYPE", "NPROCS", "PID", "USER", "SOURCES", "OWNER", "PARENT", "OWNERUID",
            "LEADERS", "LOOSE-THREADS", "MOUNTS", "CONTAINER", "POD", "PATH", "COMMAND");
    private static final List<String> NETNS_DIRS = List.of("/run/netns/", "/var/run/netns/");

    private LsTable() {}

    /**
     * @param commandLine reads a process's command line for the wide table (lsns's COMMAND column);
     *     the narrow table shows the kernel's comm and reads nothing
     */
    public static void print(NodeView view, Collection<Namespace> namespaces, boolean wide,
            boolean netnsNames, UserNames users, IntFunction<String> commandLine, PrintWriter out) {
        DiscoveryResult result = view.discovery();
        List<String> headers = new ArrayList<>(wide ? WIDE_HEADERS : HEADERS);
        if (netnsNames) {
            headers.add(headers.indexOf("PATH"), "NETNS");
        }
        NamespaceId hostMnt = result.initial().get(NamespaceType.MNT);
        boolean[] right = new boolean[headers.size()];
        right[headers.indexOf("NS")] = true;
        right[headers.indexOf("NPROCS")] = true;
        right[headers.indexOf("PID")] = true;
        TextTable table = new TextTable(headers, right);
        for (Namespace ns : namespaces) {
            ProcessInfo leader = ns.leaders().isEmpty() ? null : result.processes().get(ns.leaders().get(0));
            String pid = leader == null ? "-" : Integer.toString(leader.pid());
            String user = leader == null ? "-" : users.name(leader.uid());
            String ns0 = Long.toUnsignedString(ns.id().inode()) + (ns.initial() ? "*" : "");
            String sources = ns.sources().stream().sorted().map(Source::jsonName).collect(Collectors.joining(","));
            // A user namespace's owner is its parent user namespace; other types have only an owner.
            String owner = inode(ns.type() == NamespaceType.USER ? ns.parent() : ns.owner());
            List<String> row = new ArrayList<>();
            if (wide) {
                String command = leader == null ? "-" : commandLine.apply(leader.pid());
                row.addAll(List.of(ns0, ns.type().procName(), Integer.toString(ns.processCount()), pid, user, sources,
                        inode(ns.owner()), inode(ns.parent()),
                        ns.ownerUid() == null ? "-" : users.name(ns.ownerUid()),
                        join(ns.leaders()), join(ns.looseThreads()),
                        ns.mountCount() == null ? "-" : ns.mountCount().toString(),
                        containers(view, ns, Integer.MAX_VALUE), pods(view, ns, Integer.MAX_VALUE),
                        allPaths(ns, hostMnt), command));
            } else {
                row.addAll(List.of(ns0, ns.type().procName(), Integer.toString(ns.processCount()), pid, user,
                        leader == null ? "-" : leader.comm(), sources, owner,
                        containers(view, ns, 1), pods(view, ns, 1), firstPath(ns, hostMnt)));
            }
            if (netnsNames) {
                row.add(headers.indexOf("NETNS"), netnsNames(ns, hostMnt));
            }
            table.add(row.toArray(String[]::new));
        }
        table.print(out);
    }

    private static String containers(NodeView view, Namespace ns, int shown) {
        return limited(view.containersIn(ns.id()).stream().map(Container::name).toList(), shown);
    }

    private static String pods(NodeView view, Namespace ns, int shown) {
        return limited(view.podsIn(ns.id()).stream().map(Pod::qualifiedName).toList(), shown);
    }

    /** The first {@code shown} names, then how many more there are. */
    private static String limited(List<String> names, int shown) {
        if (names.isEmpty()) {
            return "-";
        }
        String head = String.join(",", names.subList(0, Math.min(shown, names.size())));
        return names.size() > shown ? head + " (+" + (names.size() - shown) + ")" : head;
    }

    /**
     * Bind-mount paths, those in the host's mount namespace first; others carry the inode of their
     * mount namespace, {@code path@mnt:[inode]}.
     */
    private static List<String> paths(Namespace ns, NamespaceId hostMnt) {
        List<String> host = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (BindMount mount : ns.bindMounts()) {
            if (mount.mountNamespace().equals(hostMnt)) {
                host.add(mount.path());
            } else {
                elsewhere.add(mount.path() + "@" + mount.mountNamespace());
            }
        }
        host.addAll(elsewhere);
        return host;
    }

    private static String firstPath(Namespace ns, NamespaceId hostMnt) {
        return limited(paths(ns, hostMnt), 1);
    }

    private static String allPaths(Namespace ns, NamespaceId hostMnt) {
        return limited(paths(ns, hostMnt), Integer.MAX_VALUE);
    }

    /** The names {@code ip netns} knows a network namespace by: its bind mounts in /run/netns. */
    private static String netnsNames(Namespace ns, NamespaceId hostMnt) {
        List<String> names = new ArrayList<>();
        for (BindMount mount : ns.bindMounts()) {
            for (String dir : NETNS_DIRS) {
                String name = mount.path().startsWith(dir) ? mount.path().substring(dir.length()) : "";
                if (mount.mountNamespace().equals(hostMnt) && !name.isEmpty() && !name.contains("/")
                        && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    private static String inode(NamespaceId id) {
        return id == null ? "-" : Long.toUnsignedString(id.inode());
    }

    private static String join(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "-";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(ids.size(), 5); i++) {
            shown.add(Integer.toString(ids.get(i)));
        }
        return String.join(",", shown) + (ids.size() > 5 ? ",+" + (ids.size() - 5) : "");
    }
}
