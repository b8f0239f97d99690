package io.lxkns.support;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes users write them ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}: the
 * form kubectl, the kubelet and Helm take), and as ISO-8601 ({@code PT30S}).
 */
public final class Durations {
    private static final Pattern GO = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /**
     * A positive duration: every option that takes one is an interval or a limit.
     *
     * @throws IllegalArgumentException naming the forms it takes
     */
    public static Duration parse(String text) {
        Duration parsed = parseAny(text);
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a positive duration: write it as 30s, 5m,"
                    + " 1h30m, 500ms, or ISO-8601 (PT30S)");
        }
        return parsed;
    }

    private static Duration parseAny(String text) {
        String value = text.strip();
        if (value.startsWith("P") || value.startsWith("p")) {
            try {
                return Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher part = GO.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            double amount = Double.parseDouble(part.group(1));
            long unitMillis = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            total = total.plusMillis(Math.round(amount * unitMillis));
            end = part.end();
        }
        if (end == 0 || end != value.length()) {
            throw invalid(text);
        }
        return total;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: write it as 30s, 5m, 1h30m, 500ms,"
                + " or ISO-8601 (PT30S)");
    }
}
