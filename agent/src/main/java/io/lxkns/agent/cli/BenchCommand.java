package io.lxkns.agent.cli;

import io.lxkns.agent.engines.EngineConfig;
import io.lxkns.agent.engines.Engines;
import io.lxkns.agent.node.Correlator;
import io.lxkns.discovery.Discovery;
import io.lxkns.discovery.DiscoveryOptions;
import io.lxkns.discovery.model.DiscoveryResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measures warm discovery on this host: runs discoveries in one JVM until it is warm, then "
                    + "reports the median and 90th percentile of the measured runs and the median of each "
                    + "stage. Then the container engines are asked as often, timed as the stage "
                    + "'containers' and left out of the discovery's own time, which compares with lsns.",
            ""
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "30", description = "discoveries before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "30", description = "measured discoveries (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--json", description = "one JSON object instead of text")
    boolean json;

    @Mixin
    DiscoveryMixin discovery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DiscoveryOptions options = discovery.options();
        for (int i = 0; i < warmup; i++) {
            Discovery.discover(options);
        }
        long[] totals = new long[runs];
        Map<String, long[]> stages = new LinkedHashMap<>();
        DiscoveryResult last = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            last = Discovery.discover(options);
            totals[i] = System.nanoTime() - start;
            for (Map.Entry<String, Duration> stage : last.stageDurations().entrySet()) {
                stages.computeIfAbsent(stage.getKey(), k -> new long[runs])[i] = stage.getValue().toNanos();
            }
        }
        // The engines only after all discoveries: dockerd and containerd keep working for a while after
        // each answer, which would slow the next discovery on a small machine.
        int containers = 0;
        if (!discovery.noContainers) {
            EngineConfig engines = discovery.engineConfig();
            for (int i = 0; i < warmup; i++) {
                listContainers(engines);
            }
            long[] listings = new long[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                containers = listContainers(engines);
                listings[i] = System.nanoTime() - start;
            }
            stages.put("containers", listings);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> stageText = new ArrayList<>();
        stages.forEach((name, values) -> stageText.add((json ? "\"" + name + "\": " : name + " ") + ms(median(values))));
        if (json) {
            out.printf("{\"runs\": %d, \"medianMs\": %s, \"p90Ms\": %s, \"namespaces\": %d, \"processes\": %d, "
                    + "\"containers\": %d, \"stagesMs\": {%s}}%n",
                    runs, ms(median(totals)), ms(percentile(totals, 0.9)), last.namespaces().size(), last.processes().size(),
                    containers, String.join(", ", stageText));
        } else {
            out.printf("%d namespaces, %d processes, %d containers; warm discovery: median %s ms, p90 %s ms over %d runs%n"
                    + "stages (median ms): %s%n",
                    last.namespaces().size(), last.processes().size(), containers, ms(median(totals)),
                    ms(percentile(totals, 0.9)), runs, String.join(", ", stageText));
        }
        out.flush();
        return 0;
    }

    /** Asks every engine once, as {@code ls} does; the number of containers. */
    private static int listContainers(EngineConfig engines) {
        return Correlator.containers(Engines.listOnce(engines)).size();
    }

    private static long median(long[] values) {
        return percentile(values, 0.5);
    }

    private static long percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
