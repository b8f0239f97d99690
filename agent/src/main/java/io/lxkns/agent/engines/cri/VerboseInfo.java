package io.lxkns.agent.engines.cri;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lxkns.crds.IdRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a runtime tells only in its verbose status: the JSON under {@code info["info"]}. containerd
 * and CRI-O agree on the parts read here: {@code pid} (the sandbox's or container's init process on
 * the host; absent for CRI-O's pods without an infra container) and {@code runtimeSpec}, the OCI
 * runtime spec the process was started with, whose {@code linux.namespaces} name the network
 * namespace file and whose {@code linux.uidMappings}/{@code gidMappings} the user namespace's maps.
 *
 * @param netnsPath the {@code network} namespace's path in the spec; null where it has none (the host's)
 */
record VerboseInfo(int pid, String netnsPath, List<IdRange> uidMap, List<IdRange> gidMap) {
    static final VerboseInfo NONE = new VerboseInfo(0, null, List.of(), List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    static VerboseInfo parse(Map<String, String> info) {
        String text = info.get("info");
        if (text == null) {
            return NONE;
        }
        try {
            JsonNode root = JSON.readTree(text);
            JsonNode linux = root.path("runtimeSpec").path("linux");
            String netns = null;
            for (JsonNode namespace : linux.path("namespaces")) {
                if ("network".equals(namespace.path("type").asText()) && !namespace.path("path").asText().isEmpty()) {
                    netns = namespace.path("path").asText();
                }
            }
            int pid = root.path("pid").asInt(0);
            return new VerboseInfo(pid > 0 ? pid : 0, netns, ranges(linux.path("uidMappings")),
                    ranges(linux.path("gidMappings")));
        } catch (JsonProcessingException e) {
            return NONE; // a runtime's free-form field: what cannot be read is not known
        }
    }

    private static List<IdRange> ranges(JsonNode mappings) {
        List<IdRange> ranges = new ArrayList<>();
        for (JsonNode mapping : mappings) {
            if (ranges.size() == IdRange.MAX_MAP_LINES) {
                break;
            }
            ranges.add(new IdRange(mapping.path("containerID").asLong(), mapping.path("hostID").asLong(),
                    mapping.path("size").asLong()));
        }
        return ranges;
    }
}
