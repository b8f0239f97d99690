package io.lxkns.agent.publish;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.lxkns.crds.NodeNamespacesStatus;
import io.lxkns.support.Digests;

/**
 * What makes two statuses "the same" for the write discipline: everything but the timestamps
 * (observedAt, the discovery duration, condition transition times) and the process counts, which
 * change with every short-lived process; the slow refresh carries those.
 */
public final class ContentHash {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ContentHash() {}

    public static String of(NodeNamespacesStatus status) {
        NodeNamespacesStatus comparable = status.withObservation(null, null)
                .withSummary(status.summary().withProcesses(null))
                .withNamespaces(status.namespaces().stream().map(e -> e.withProcessCount(null)).toList())
                .withConditions(status.conditions().stream().map(ContentHash::withoutTime).toList());
        return Digests.sha256Hex(SERIALIZATION.asJson(comparable), 32);
    }

    private static Condition withoutTime(Condition condition) {
        return new ConditionBuilder(condition).withLastTransitionTime(null).build();
    }
}
