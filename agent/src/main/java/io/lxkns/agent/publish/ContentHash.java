package io.lxkns.agent.publish;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.crds.NodeNamespacesStatus.NamespaceEntry;
import io.lxkns.crds.NodeNamespacesStatus.Summary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two statuses "the same" for the write discipline: everything but the timestamps
 * (observedAt, the discovery duration, condition transition times) and the process counts, which
 * change with every short-lived process; the slow refresh carries those.
 */
public final class ContentHash {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ContentHash() {}

    public static String of(NodeNamespacesStatus status) {
        Summary s = status.summary();
        NodeNamespacesStatus comparable = new NodeNamespacesStatus(status.node(), null, null,
                new Summary(s.namespaces(), s.namespacesByType(), null, s.containers(), s.pods(),
                        s.podsSharingHostNamespaces(), s.findings()),
                status.initialNamespaces(),
                status.namespaces().stream().map(ContentHash::withoutProcessCount).toList(),
                status.pods(), status.findings(),
                status.conditions().stream().map(ContentHash::withoutTime).toList());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SERIALIZATION.asJson(comparable).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static NamespaceEntry withoutProcessCount(NamespaceEntry e) {
        return new NamespaceEntry(e.id(), e.type(), e.sources(), e.owner(), e.parent(), null, e.leader(),
                e.bindMounts(), e.containers(), e.pods());
    }

    private static Condition withoutTime(Condition condition) {
        return new ConditionBuilder(condition).withLastTransitionTime(null).build();
    }
}
