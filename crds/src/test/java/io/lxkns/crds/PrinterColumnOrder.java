package io.lxkns.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated CRD with its printer columns in the order the resource class declares them. kubectl prints
 * them in CRD order, and the generator sorts them by JSON path, which put Age first. Works on the text, so
 * that everything else stays byte for byte what the generator wrote.
 */
final class PrinterColumnOrder {
    private static final String LIST = "  - additionalPrinterColumns:\n";
    private static final String ENTRY = "    - ";

    private PrinterColumnOrder() {}

    static String apply(String generatedCrd, Class<?> resource) {
        int start = generatedCrd.indexOf(LIST) + LIST.length();
        if (start < LIST.length()) {
            throw new IllegalArgumentException("no additionalPrinterColumns in the CRD of " + resource.getSimpleName());
        }
        int end = start;
        while (generatedCrd.startsWith(ENTRY, end) || generatedCrd.startsWith("      ", end)) {
            end = generatedCrd.indexOf('\n', end) + 1;
        }
        Map<String, String> byName = new LinkedHashMap<>();
        for (String entry : splitEntries(generatedCrd.substring(start, end))) {
            byName.put(entry.replaceFirst("(?s).*\n      name: \"([^\"]*)\".*", "$1"), entry);
        }
        StringBuilder ordered = new StringBuilder();
        for (AdditionalPrinterColumn column : resource.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            String entry = byName.remove(column.name());
            if (entry == null) {
                throw new IllegalStateException("the generated CRD has no printer column " + column.name());
            }
            ordered.append(entry);
        }
        if (!byName.isEmpty()) {
            throw new IllegalStateException("undeclared printer columns in the generated CRD: " + byName.keySet()
                    + " (declared: " + Arrays.toString(resource.getAnnotationsByType(AdditionalPrinterColumn.class)) + ")");
        }
        return generatedCrd.substring(0, start) + ordered + generatedCrd.substring(end);
    }

    private static List<String> splitEntries(String block) {
        List<String> entries = new ArrayList<>();
        int from = 0;
        while (from < block.length()) {
            int next = block.indexOf("\n" + ENTRY, from);
            int to = next < 0 ? block.length() : next + 1;
            entries.add(block.substring(from, to));
            from = to;
        }
        return entries;
    }
}
