package io.lxkns.agent.render;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
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
            List.of("NS", "TYPE", "NPROCS", "PID", "USER", "COMMAND", "SOURCES", "OWNER");
    private static final List<String> WIDE_HEADERS = List.of(
            "NS", "TYPE", "NPROCS", "PID", "USER", "SOURCES", "OWNER", "PARENT", "OWNERUID",
            "LEADERS", "LOOSE-THREADS", "COMMAND");

    private LsTable() {}

    /**
     * @param commandLine reads a process's command line for the wide table (lsns's COMMAND column);
     *     the narrow table shows the kernel's comm and reads nothing
     */
    public static void print(DiscoveryResult result, Collection<Namespace> namespaces, boolean wide,
            UserNames users, IntFunction<String> commandLine, PrintWriter out) {
        List<String> headers = wide ? WIDE_HEADERS : HEADERS;
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
            String owner = inode(ns.owner() != null ? ns.owner() : ns.parent());
            if (wide) {
                String command = leader == null ? "-" : commandLine.apply(leader.pid());
                table.add(ns0, ns.type().procName(), Integer.toString(ns.processCount()), pid, user, sources,
                        inode(ns.owner()), inode(ns.parent()),
                        ns.ownerUid() == null ? "-" : users.name(ns.ownerUid()),
                        join(ns.leaders()), join(ns.looseThreads()), command);
            } else {
                table.add(ns0, ns.type().procName(), Integer.toString(ns.processCount()), pid, user,
                        leader == null ? "-" : leader.comm(), sources, owner);
            }
        }
        table.print(out);
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
