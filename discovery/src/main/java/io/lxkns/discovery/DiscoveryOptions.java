package io.lxkns.discovery;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to discover, and where.
 *
 * @param procRoot the procfs to read: {@code /proc}, or a host procfs mounted elsewhere, or a fixture
 *     tree in tests (stages that need nsfs ioctls only work on a live procfs)
 * @param stages the optional stages to run
 */
public record DiscoveryOptions(Path procRoot, Set<Stage> stages) {
    /** As a command line writes it (an annotation needs a constant string). */
    public static final String DEFAULT_PROC_ROOT_TEXT = "/proc";
    public static final Path DEFAULT_PROC_ROOT = Path.of(DEFAULT_PROC_ROOT_TEXT);

    public DiscoveryOptions {
        stages = stages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(stages));
    }

    /** The full range on {@code /proc}. */
    public static DiscoveryOptions full() {
        return new DiscoveryOptions(DEFAULT_PROC_ROOT, EnumSet.allOf(Stage.class));
    }

    public DiscoveryOptions withProcRoot(Path root) {
        return new DiscoveryOptions(root, stages);
    }

    public DiscoveryOptions without(Stage... removed) {
        EnumSet<Stage> kept = stages.isEmpty() ? EnumSet.noneOf(Stage.class) : EnumSet.copyOf(stages);
        kept.removeAll(Set.of(removed));
        return new DiscoveryOptions(procRoot, kept);
    }

    public boolean has(Stage stage) {
        return stages.contains(stage);
    }
}
