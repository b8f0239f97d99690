package io.lxkns.discovery;

import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NodeInfo;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Runs a discovery. Thread-safe: every call works on its own state. */
public final class Discovery {
    private static volatile long nsfsDev = -1;

    private Discovery() {}

    /** Discovers with the full range on this host's {@code /proc}. */
    public static DiscoveryResult discover() {
        return discover(DiscoveryOptions.full());
    }

    public static DiscoveryResult discover(DiscoveryOptions options) {
        Instant startedAt = Instant.now();
        Procfs procfs = new Procfs(options.procRoot());
        ResultBuilder builder = new ResultBuilder();
        builder.timed("processes", new ProcessScan(procfs, builder)::run);
        try {
            if (options.has(Stage.TASKS)) {
                builder.timed("tasks", new TaskScan(procfs, builder)::run);
            }
            if (options.has(Stage.FDS) || options.has(Stage.SOCKETS)) {
                builder.timed("fds+sockets",
                        new FdScan(procfs, builder, options.has(Stage.FDS), options.has(Stage.SOCKETS))::run);
            }
            if (options.has(Stage.BIND_MOUNTS)) {
                builder.timed("bindmounts", new MountScan(procfs, builder)::run);
            }
            if (options.has(Stage.HIERARCHY) || options.has(Stage.OWNERSHIP)) {
                builder.timed("hierarchy+ownership",
                        new RelationScan(builder, options.has(Stage.HIERARCHY), options.has(Stage.OWNERSHIP))::run);
            }
            if (options.has(Stage.CGROUPS)) {
                builder.timed("cgroups", new CgroupScan(procfs, options.cgroupRoot(), builder)::run);
            }
        } finally {
            builder.closeHeldDescriptors();
        }
        NodeInfo node = new NodeInfo(
                procfs.readOptional("sys/kernel/hostname"),
                procfs.readOptional("sys/kernel/random/boot_id"),
                procfs.readOptional("sys/kernel/osrelease"));
        return builder.build(node, startedAt, nsfsDev());
    }

    /**
     * The device number of nsfs. There is one nsfs instance per kernel, so it is the same for every
     * namespace and every reader; read once per JVM. 0 where it cannot be read (not Linux).
     */
    static long nsfsDev() {
        long dev = nsfsDev;
        if (dev < 0) {
            try {
                dev = ((Number) Files.getAttribute(Path.of("/proc/self/ns/user"), "unix:dev")).longValue();
            } catch (IOException | UnsupportedOperationException e) {
                dev = 0;
            }
            nsfsDev = dev;
        }
        return dev;
    }
}
