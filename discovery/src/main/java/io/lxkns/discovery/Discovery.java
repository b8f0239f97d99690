package io.lxkns.discovery;

import io.lxkns.discovery.linux.NativeSupport;
import io.lxkns.discovery.linux.NativeUnavailableException;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.NodeInfo;
import io.lxkns.discovery.procfs.Procfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Runs a discovery. Thread-safe: every call works on its own state. */
public final class Discovery {
    private static volatile long nsfsDev = -1;

    private Discovery() {}

    /** Discovers with the full range on this host's {@code /proc}. */
    public static DiscoveryResult discover() {
        return discover(DiscoveryOptions.full());
    }

    /** @throws NativeUnavailableException when JNA's native library cannot be loaded */
    public static DiscoveryResult discover(DiscoveryOptions options) {
        NativeSupport.load();
        Instant startedAt = Instant.now();
        Procfs procfs = new Procfs(options.procRoot());
        ResultBuilder builder = new ResultBuilder();
        builder.timed("processes", new ProcessScan(procfs, builder)::run);
        HostView host = new HostView(procfs, builder.processes.get(HostView.KTHREADD));
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
                builder.timed("cgroups", new CgroupScan(procfs, host, builder)::run);
            }
        } finally {
            builder.closeHeldDescriptors();
        }
        return builder.build(node(procfs, host, builder), startedAt, nsfsDev());
    }

    /**
     * The node: its hostname as the host's UTS namespace has it (a pod has its own); the boot id and
     * kernel release are the same in every namespace.
     */
    private static NodeInfo node(Procfs procfs, HostView host, ResultBuilder builder) {
        String hostname;
        try {
            hostname = host.call(() -> procfs.readOptional("sys/kernel/hostname"), NamespaceType.UTS);
        } catch (HostView.Unavailable e) {
            builder.warn(e.kind, 0, "the node's hostname is left out: " + e.getMessage());
            hostname = "";
        }
        return new NodeInfo(hostname, procfs.readOptional("sys/kernel/random/boot_id"),
                procfs.readOptional("sys/kernel/osrelease"));
    }

    /**
     * The host's root directory, through which files of the host are read from anywhere (resolve
     * paths below it with {@link io.lxkns.discovery.procfs.InRoot}): kthreadd's root in {@code
     * procRoot}. Empty where kthreadd is not visible (not the host's PID namespace) or its root not
     * readable (no CAP_SYS_PTRACE).
     */
    public static Optional<Path> hostRoot(Path procRoot) {
        return HostView.root(new Procfs(procRoot));
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
