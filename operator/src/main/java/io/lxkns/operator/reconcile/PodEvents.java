package io.lxkns.operator.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lxkns.crds.Labels;
import io.lxkns.operator.analysis.ClusterAnalysis.PodWarning;
import io.lxkns.support.Digests;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Warning Event per warning finding on its Pod, and only one for as long as the finding lasts.
 * The Event's name is derived from the pod's uid, the finding type and the namespace, so a repeat
 * (even from a new leader, or after a restart) is a 409 from the API server, not a second Event.
 */
final class PodEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PodEvents.class);
    static final String COMPONENT = Labels.OPERATOR;

    private final KubernetesClient client;
    private final String instance;
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    PodEvents(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
    }

    /** Raises the Events not raised yet; returns how many were created. */
    int raise(List<PodWarning> warnings, Instant now) {
        int created = 0;
        for (PodWarning warning : warnings) {
            Pod pod = warning.pod();
            String key = key(pod.getMetadata().getUid() + "/" + warning.finding().type() + "/" + warning.finding().namespace());
            if (raised.contains(key)) {
                continue;
            }
            try {
                client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(event(pod, warning, key, now)).create();
                created++;
                raised.add(key);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    raised.add(key); // raised before, by us or an earlier leader
                } else {
                    LOG.warn("cannot raise the {} event on pod {}/{}: {}", warning.finding().type(),
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
                }
            }
        }
        return created;
    }

    private Event event(Pod pod, PodWarning warning, String key, Instant now) {
        String time = now.toString();
        return new EventBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName() + ".lxkns-" + key)
                .withNamespace(pod.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                        .withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
                        .withUid(pod.getMetadata().getUid()).build())
                .withType("Warning")
                .withReason(warning.finding().type())
                .withMessage(warning.finding().message())
                .withNewSource().withComponent(COMPONENT).withHost(warning.finding().node()).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }

    private static String key(String text) {
        return Digests.sha256Hex(text, 8);
    }
}
