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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Runs a discovery. Thread-safe: every call works on its own state. */
public final class Discovery {
    private static volatile long nsfsDev = -1;

    private Discovery() {}

    /** Discovers with the full range on this host's {@code /proc}. */
    public static DiscoveryResult discover() {
        return discover(DiscoveryOptions.full());
    }

    /** What one step of the pipeline needs. */
    private record Context(Procfs procfs, HostView host, ResultBuilder builder, DiscoveryOptions options) {}

    /**
     * One step: the optional stages that switch it on (its timing is named after them, joined by
     * {@code +}) and the scan that runs it.
     */
    private record Step(EnumSet<Stage> stages, Consumer<Context> scan) {
        String name() {
            return stages.stream().map(Stage::label).collect(Collectors.joining("+"));
        }
    }

    /**
     * The steps after the process table, in dependency order:
     *
     * <ol>
     *   <li>tasks: needs each process's thread count; finds namespaces only a thread is in;
     *   <li>fds and sockets: may find mount namespaces held only by an fd, which the next step reads;
     *   <li>bind mounts: reads every mount namespace known so far, including those found above, and
     *       hands on descriptors of namespaces reachable only inside them;
     *   <li>hierarchy and ownership: asks every namespace found by any step before, through its path
     *       or a descriptor handed on;
     *   <li>cgroups: per process, independent of the namespaces; last, as it joins the host's cgroup
     *       and mount namespaces on threads of its own.
     * </ol>
     */
    private static final List<Step> PIPELINE = List.of(
            new Step(EnumSet.of(Stage.TASKS), c -> new TaskScan(c.procfs, c.builder).run()),
            new Step(EnumSet.of(Stage.FDS, Stage.SOCKETS), c -> new FdScan(c.procfs, c.builder,
                    c.options.has(Stage.FDS), c.options.has(Stage.SOCKETS)).run()),
            new Step(EnumSet.of(Stage.BIND_MOUNTS), c -> new MountScan(c.procfs, c.builder).run()),
            new Step(EnumSet.of(Stage.HIERARCHY, Stage.OWNERSHIP), c -> new RelationScan(c.builder,
                    c.options.has(Stage.HIERARCHY), c.options.has(Stage.OWNERSHIP)).run()),
            new Step(EnumSet.of(Stage.CGROUPS), c -> new CgroupScan(c.procfs, c.host, c.builder).run()));

    /** @throws NativeUnavailableException when JNA's native library cannot be loaded */
    public static DiscoveryResult discover(DiscoveryOptions options) {
        NativeSupport.load();
        Instant startedAt = Instant.now();
        Procfs procfs = new Procfs(options.procRoot());
        ResultBuilder builder = new ResultBuilder();
        builder.timed("processes", new ProcessScan(procfs, builder)::run);
        HostView host = new HostView(procfs, builder.processes.get(HostView.KTHREADD));
        Context context = new Context(procfs, host, builder, options);
        try {
            for (Step step : PIPELINE) {
                if (step.stages.stream().anyMatch(options::has)) {
                    builder.timed(step.name(), () -> step.scan.accept(context));
                }
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
