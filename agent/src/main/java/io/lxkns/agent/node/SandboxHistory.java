package io.lxkns.agent.node;

import io.lxkns.agent.engines.EngineSnapshot;
import io.lxkns.agent.engines.Sandbox;
import io.lxkns.discovery.model.BindMount;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.ProcessInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which pod each network namespace was made for: from the runtime's sandboxes now (a ready one by
 * its process, any by the netns path it names), and remembered while the namespace exists, so that
 * when a pod is gone and its network namespace is not, the leak can name the pod. No runtime keeps
 * that once the sandbox is removed; only an observer that was there can tell.
 */
final class SandboxHistory {
    /** More than a node's pods ever leave behind; the oldest are forgotten first. */
    static final int MAX_REMEMBERED = 4_096;

    private final Map<NamespaceId, NetnsOwner> remembered = new LinkedHashMap<>();

    /** Learns from one observation; the owners of the network namespaces that exist now. */
    synchronized Map<NamespaceId, NetnsOwner> update(NodeView view, Instant now) {
        Map<NamespaceId, NetnsOwner> current = owners(view);
        remembered.keySet().retainAll(view.discovery().namespaces().keySet());
        for (Map.Entry<NamespaceId, NetnsOwner> entry : remembered.entrySet()) {
            NetnsOwner seen = current.get(entry.getKey());
            if (seen == null || !seen.ready()) {
                entry.setValue(entry.getValue().goneAt(now));
            }
        }
        current.forEach((id, owner) -> {
            if (owner.ready() || !remembered.containsKey(id)) {
                remembered.remove(id); // re-inserted last: the most recently seen are forgotten last
                remembered.put(id, owner);
            }
        });
        for (Iterator<NamespaceId> oldest = remembered.keySet().iterator(); remembered.size() > MAX_REMEMBERED; ) {
            oldest.next();
            oldest.remove();
        }
        return Map.copyOf(remembered);
    }

    /** The owners the runtime tells of now; a ready sandbox wins over a not-ready one of the same namespace. */
    static Map<NamespaceId, NetnsOwner> owners(NodeView view) {
        Map<String, NamespaceId> byPath = new HashMap<>();
        for (Namespace ns : view.discovery().namespaces().values()) {
            if (ns.type() == NamespaceType.NET) {
                for (BindMount mount : ns.bindMounts()) {
                    byPath.put(canonical(mount.path()), ns.id());
                }
            }
        }
        NamespaceId hostNet = view.discovery().initial().get(NamespaceType.NET);
        Map<NamespaceId, NetnsOwner> owners = new HashMap<>();
        for (EngineSnapshot engine : view.engines()) {
            for (Sandbox sandbox : engine.sandboxes()) {
                if (sandbox.pod() == null) {
                    continue;
                }
                ProcessInfo process = sandbox.pid() > 0 ? view.discovery().processes().get(sandbox.pid()) : null;
                NamespaceId netns = process != null ? process.namespace(NamespaceType.NET) : null;
                if (netns == null && sandbox.netnsPath() != null) {
                    netns = byPath.get(canonical(sandbox.netnsPath()));
                }
                if (netns == null || netns.equals(hostNet)) {
                    continue;
                }
                NetnsOwner owner = new NetnsOwner(sandbox.pod().qualifiedName(), sandbox.pod().uid(), sandbox.id(),
                        sandbox.netnsPath(), sandbox.ready(), null);
                owners.merge(netns, owner, (a, b) -> a.ready() ? a : b);
            }
        }
        return owners;
    }

    /** Runtimes name {@code /var/run/netns/…}; mountinfo shows where that leads, {@code /run/netns/…}. */
    static String canonical(String path) {
        return path.startsWith("/var/run/") ? path.substring(4) : path;
    }
}
