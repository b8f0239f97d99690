package io.lxkns.discovery;

import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.Warning;
import java.util.List;
import java.util.Map;

/** Turns the entries of a {@code ns/} directory into namespace ids, warning about malformed ones. */
final class NamespaceLinks {
    private NamespaceLinks() {}

    /** The id a link names, or null (with a warning) when the link text is not {@code type:[inode]} of its own type. */
    static NamespaceId parse(Map.Entry<String, String> link, int pid, List<Warning> warnings) {
        String name = link.getKey();
        NamespaceId id = NamespaceId.parse(link.getValue()).orElse(null);
        String expectedType = isForChildren(name) ? name.substring(0, name.indexOf('_')) : name;
        if (id == null || !id.type().procName().equals(expectedType)) {
            warnings.add(new Warning(Warning.Kind.UNPARSABLE, pid,
                    "cannot parse namespace link ns/" + name + " of " + pid + ": '" + link.getValue() + "'"));
            return null;
        }
        return id;
    }

    static boolean isForChildren(String linkName) {
        return linkName.endsWith("_for_children");
    }
}
