package io.lxkns.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart rendered with helm-java (Helm in-process) and parsed into fabric8 model objects. */
record Rendered(List<HasMetadata> objects) {
    static final Path CHART = Path.of("lxkns");
    static final String RELEASE = "lxkns";
    static final String NAMESPACE = "lxkns-system";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Rendered with(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.32.0").skipCrds();
        values.forEach(template::set);
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : template.call().split("(?m)^---\\s*$")) {
            if (!document.replaceAll("(?m)^#.*$", "").isBlank()) {
                objects.add(SERIALIZATION.unmarshal(document));
            }
        }
        return new Rendered(List.copyOf(objects));
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.get(0);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<GenericKubernetesResource> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).map(o -> SERIALIZATION.convertValue(o,
                GenericKubernetesResource.class)).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }
}
