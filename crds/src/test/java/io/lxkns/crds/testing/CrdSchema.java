package io.lxkns.crds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Validates objects against a generated CRD's {@code openAPIV3Schema}, stricter than the API server:
 * a field the schema does not declare is an error here, because the API server would silently prune
 * it and its data would be lost.
 */
public final class CrdSchema {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";

    private final JsonSchema schema;

    private CrdSchema(JsonNode openApiV3Schema) {
        ObjectNode strict = openApiV3Schema.deepCopy();
        ObjectNode properties = (ObjectNode) strict.get("properties");
        properties.set("apiVersion", JSON.createObjectNode().put("type", "string"));
        properties.set("kind", JSON.createObjectNode().put("type", "string"));
        properties.set("metadata", JSON.createObjectNode().put("type", "object"));
        forbidUndeclared(strict);
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(strict);
    }

    /** The schema of a CRD generated into the classpath, e.g. {@code nodenamespaces.lxkns.io}. */
    public static CrdSchema of(String crdName) {
        String resource = "/META-INF/fabric8/" + crdName + "-v1.yml";
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no generated CRD " + resource + " on the classpath");
            }
            return new CrdSchema(YAML.readTree(in).at("/spec/versions/0/schema/openAPIV3Schema"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The schema of a CRD's first version, in a YAML file: a published one committed with the project. */
    public static CrdSchema ofFile(java.nio.file.Path crd) {
        return ofFile(crd, null);
    }

    /** The schema of one version ({@code v1alpha2}; null: the first) of a CRD in a YAML file. */
    public static CrdSchema ofFile(java.nio.file.Path crd, String version) {
        try (InputStream in = java.nio.file.Files.newInputStream(crd)) {
            for (JsonNode served : YAML.readTree(in).at("/spec/versions")) {
                if (version == null || version.equals(served.path("name").asText())) {
                    return new CrdSchema(served.at("/schema/openAPIV3Schema"));
                }
            }
            throw new IllegalStateException("the CRD " + crd + " has no version " + version);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CRD " + crd + ": " + e.getMessage(), e);
        }
    }

    /** What is wrong with an object (any type Jackson can serialize); empty when it is valid. */
    public List<String> problems(Object object) {
        JsonNode node = object instanceof JsonNode json ? json : JSON.valueToTree(object);
        return schema.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Also reads JSON or YAML text. */
    public List<String> problemsOfText(String text) {
        try {
            return problems(YAML.readTree(text));
        } catch (IOException e) {
            return List.of("not JSON or YAML: " + e.getMessage());
        }
    }

    private static void forbidUndeclared(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties") && !object.path(PRESERVE).asBoolean()) {
            object.put("additionalProperties", false);
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!field.getKey().equals("additionalProperties") || field.getValue().isObject()) {
                forbidUndeclared(field.getValue());
            }
            if (field.getKey().equals("properties")) {
                field.getValue().forEach(CrdSchema::forbidUndeclared);
            }
        }
    }
}
