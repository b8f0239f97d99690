package io.lxkns.discovery;

import io.lxkns.discovery.linux.Errno;
import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.DiscoveryResult;
import io.lxkns.discovery.model.Namespace;
import io.lxkns.discovery.model.NamespaceId;
import io.lxkns.discovery.model.NamespaceType;
import io.lxkns.discovery.model.NodeInfo;
import io.lxkns.discovery.model.ProcessInfo;
import io.lxkns.discovery.model.Source;
import io.lxkns.discovery.model.Warning;
import io.lxkns.discovery.procfs.ProcfsFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;

/** The mutable state the stages of one discovery add to; {@link #build} freezes it. */
final class ResultBuilder {
    /** How long one stage may take; the {@code lxkns.stageTimeoutMillis} system property changes it. */
    static final Duration STAGE_DEADLINE = Duration.ofMillis(Long.getLong("lxkns.stageTimeoutMillis", 10_000));
    /**
     * How long a whole discovery may take ({@code lxkns.discoveryBudgetMillis}): well inside the
     * agent's liveness window (three intervals of 30 s), whatever hangs where.
     */
    static final Duration BUDGET = Duration.ofMillis(Long.getLong("lxkns.discoveryBudgetMillis", 45_000));

    final Map<Integer, ProcessInfo> processes = new TreeMap<>();
    private final long budgetEnds = System.nanoTime() + BUDGET.toNanos();
    final Map<NamespaceId, NamespaceDraft> namespaces = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Map<String, Duration> stageDurations = new LinkedHashMap<>();

    /** Records that a namespace was found, how, and a path that opens it (may be null). */
    NamespaceDraft found(NamespaceId id, Source source, Path handle) {
        NamespaceDraft draft = namespaces.computeIfAbsent(id, NamespaceDraft::new);
        draft.sources.add(source);
        // Bind mounts and fd links are paths a tenant controls; /proc/PID/ns links are the kernel's.
        draft.addHandle(handle, source == Source.BINDMOUNT || source == Source.FD);
        return draft;
    }

    void warn(Warning.Kind kind, int pid, String message) {
        warnings.add(new Warning(kind, pid, message));
    }

    void warn(Warning warning) {
        warnings.add(warning);
    }

    /** Turns an I/O failure about {@code what} into the warning it stands for. */
    void warn(IOException failure, int pid, String what) {
        warnings.add(warning(failure, pid, what));
    }

    static Warning warning(IOException failure, int pid, String what) {
        return warning(classify(failure), pid, "read " + what, failure.getMessage(), "");
    }

    static Warning.Kind classify(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return Warning.Kind.VANISHED;
        }
        if (failure instanceof AccessDeniedException) {
            return Warning.Kind.PERMISSION_DENIED;
        }
        if (failure instanceof ProcfsFormatException) {
            return Warning.Kind.UNPARSABLE;
        }
        if (failure instanceof FileSystemException fse && "No such process".equals(fse.getReason())) {
            return Warning.Kind.VANISHED;
        }
        return Warning.Kind.IO_ERROR;
    }

    /**
     * A failed native call as a warning: "cannot {@code what}: why", with {@code deniedHint} (what it
     * needs, or "") added where the kernel refused. The one place errno becomes a warning.
     */
    static Warning warning(NativeCallException failure, int pid, String what, String deniedHint) {
        return warning(kindOf(failure), pid, what, failure.getMessage(), deniedHint);
    }

    /** "cannot {@code what}: why", the why by kind: the one wording of every failure. */
    private static Warning warning(Warning.Kind kind, int pid, String what, String detail, String deniedHint) {
        String why = switch (kind) {
            case VANISHED -> "it exited during discovery";
            case PERMISSION_DENIED -> "permission denied" + deniedHint;
            default -> detail;
        };
        return new Warning(kind, pid, "cannot " + what + ": " + why);
    }

    private static Warning.Kind kindOf(NativeCallException failure) {
        int errno = failure.errno();
        return Errno.isDenied(errno) ? Warning.Kind.PERMISSION_DENIED
                : Errno.isVanished(errno) ? Warning.Kind.VANISHED
                : errno == Errno.ENOSYS || errno == Errno.ENOTTY ? Warning.Kind.UNSUPPORTED
                : Warning.Kind.IO_ERROR;
    }

    /**
     * {@link Parallel#map} for a stage: an item given up on gets {@code empty} and a warning about
     * {@code what} it was; the rest as {@code work} gives.
     */
    <T, R> List<R> inParallel(List<T> items, Function<T, R> work, Function<T, Object> key, Function<T, String> what,
            Function<T, R> empty) {
        return inParallel(items, work, key, what, empty, result -> { });
    }

    /**
     * As {@link #inParallel(List, Function, Function, Function, Function)}, where a result holds
     * descriptors: one that arrives after its item was given up on goes to {@code discard}.
     */
    <T, R> List<R> inParallel(List<T> items, Function<T, R> work, Function<T, Object> key, Function<T, String> what,
            Function<T, R> empty, Consumer<R> discard) {
        Queue<Warning> late = new ConcurrentLinkedQueue<>();
        long deadline = Math.min(System.nanoTime() + STAGE_DEADLINE.toNanos(), budgetEnds);
        List<R> results = Parallel.map(items, work, key, (item, why) -> {
            late.add(new Warning(Warning.Kind.TIMED_OUT, 0, what.apply(item) + ": " + why));
            return empty.apply(item);
        }, discard, deadline);
        late.forEach(this::warn);
        return results;
    }

    /** Identifies a process across discoveries: a PID is reused, a PID with its start time is not. */
    static Object processKey(ProcessInfo process) {
        return List.of(process.pid(), process.starttime());
    }

    void timed(String stage, Runnable work) {
        long start = System.nanoTime();
        work.run();
        stageDurations.merge(stage, Duration.ofNanos(System.nanoTime() - start), Duration::plus);
    }

    /** Closes the descriptors no stage used up; a discovery must leave no descriptor behind. */
    void closeHeldDescriptors() {
        for (NamespaceDraft draft : namespaces.values()) {
            int fd = draft.takeHeldFd();
            if (fd >= 0) {
                Nsfs.close(fd);
            }
        }
    }

    DiscoveryResult build(NodeInfo node, Instant startedAt, long nsfsDev) {
        Map<NamespaceType, NamespaceId> initial = initialNamespaces();
        Map<NamespaceId, int[]> counts = new HashMap<>();
        Map<NamespaceId, List<Integer>> leaders = new HashMap<>();
        for (ProcessInfo process : processes.values()) {
            ProcessInfo parent = processes.get(process.ppid());
            process.namespaces().forEach((type, id) -> {
                counts.computeIfAbsent(id, k -> new int[1])[0]++;
                if (parent == null || !id.equals(parent.namespace(type))) {
                    leaders.computeIfAbsent(id, k -> new ArrayList<>()).add(process.pid());
                }
            });
        }
        Map<NamespaceId, Namespace> frozen = new TreeMap<>();
        for (NamespaceDraft draft : namespaces.values()) {
            int[] count = counts.get(draft.id);
            frozen.put(draft.id, new Namespace(
                    draft.id,
                    nsfsDev,
                    initial.containsValue(draft.id),
                    draft.sources,
                    draft.owner,
                    draft.parent,
                    draft.ownerUid,
                    count == null ? 0 : count[0],
                    leaders.getOrDefault(draft.id, List.of()),
                    List.copyOf(draft.looseThreads),
                    List.copyOf(draft.bindMounts),
                    draft.fdRefs,
                    draft.socketRefs,
                    draft.mountCount,
                    draft.unlisted));
        }
        return new DiscoveryResult(
                node,
                startedAt,
                Duration.between(startedAt, Instant.now()),
                Collections.unmodifiableMap(frozen),
                Collections.unmodifiableMap(new TreeMap<>(processes)),
                Collections.unmodifiableMap(initial),
                warnings,
                Collections.unmodifiableMap(new LinkedHashMap<>(stageDurations)));
    }

    /**
     * The host's namespaces are those of kthreadd (PID 2): kernel threads never leave them. Where
     * there is no kthreadd (we see a container's PID namespace), PID 1 is the best guess.
     */
    Map<NamespaceType, NamespaceId> initialNamespaces() {
        ProcessInfo anchor = processes.get(2);
        if (anchor == null || !"kthreadd".equals(anchor.comm()) || anchor.namespaces().isEmpty()) {
            anchor = processes.get(1);
        }
        Map<NamespaceType, NamespaceId> initial = new EnumMap<>(NamespaceType.class);
        if (anchor != null) {
            initial.putAll(anchor.namespaces());
        }
        return initial;
    }
}
