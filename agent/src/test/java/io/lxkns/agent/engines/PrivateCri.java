package io.lxkns.agent.engines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lxkns.agent.engines.cri.api.VersionRequest;
import io.lxkns.discovery.testing.Root;
import io.lxkns.discovery.testing.Sh;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private containerd with its CRI plugin on, so that tests make pods as the kubelet does ({@link
 * #pods()}). Nothing comes from a registry: the sandbox ("pause") and app images are built here
 * from the busybox rootfs and imported. Pods get a bridge network of this run's own from Debian's
 * containernetworking-plugins, without gateway or masquerading, so that the host's forwarding and
 * iptables stay as they are. containerd makes pod network namespaces under /var/run/netns/cni-…
 * (not configurable in 1.6); pod cgroups go under a cgroup parent of this run's own.
 *
 * <p>{@link #close()} removes every sandbox, then the daemon, its shims, the bridge, the cgroups,
 * and the data, leaving the log and config under target/engines for a post-mortem.
 */
public final class PrivateCri implements AutoCloseable {
    public static final String SANDBOX_IMAGE = "lxkns.test/pause:1";
    public static final String APP_IMAGE = "lxkns.test/busybox:1";
    /** Where Debian's containernetworking-plugins puts the CNI plugins (not on the PATH). */
    static final Path CNI_BIN = Path.of("/usr/lib/cni");
    /** The namespace containerd's CRI plugin keeps its images, sandboxes and containers in. */
    static final String K8S_NAMESPACE = "k8s.io";
    private static final String MANAGED_LABEL = "io.cri-containerd.image=managed";
    private static final Path CNI_CACHE = Path.of("/var/lib/cni");
    /** Tells apart the bridges of several instances in one JVM. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String bridge;
    private final String network;
    private final String cgroupParent;
    private final String snapshotter;
    /** libcni's cache of results, which containerd 1.6 does not let us move; made on the first pod. */
    private final boolean hadCniCache = Files.exists(CNI_CACHE);
    private final PrivateContainerd containerd;
    private final CriPods pods;

    public PrivateCri(String name) throws IOException {
        Root.require();
        for (String plugin : List.of("bridge", "host-local", "loopback")) {
            if (!Files.isExecutable(CNI_BIN.resolve(plugin))) {
                throw new IllegalStateException("no " + CNI_BIN.resolve(plugin)
                        + ": hack/test.sh installs containernetworking-plugins");
            }
        }
        long pid = ProcessHandle.current().pid();
        bridge = "lxcri" + pid + "-" + INSTANCES.getAndIncrement();
        if (bridge.length() > 15) {
            throw new IllegalStateException("bridge name " + bridge + " is longer than an interface name may be");
        }
        network = "lxkns-" + name + "-" + pid;
        cgroupParent = "/lxkns-test-" + name + "-" + pid;
        snapshotter = snapshotter(Files.createDirectories(Path.of("target/engines").toAbsolutePath()));
        containerd = new PrivateContainerd(name, this::pluginConfig);
        CriPods client = null;
        try {
            client = new CriPods(containerd.socket(), containerd.dataDir().resolve("pods"), cgroupParent);
            CriPods cri = client;
            // containerd answers before its CRI plugin has recovered its state and says it is ready.
            containerd.awaitAnswer("containerd's CRI plugin", Duration.ofSeconds(20), () -> {
                String runtime = cri.runtime().version(VersionRequest.newBuilder().setVersion("v1").build())
                        .getRuntimeName();
                if (!runtime.equals("containerd")) {
                    throw new IllegalStateException("the CRI answers as " + runtime);
                }
            });
            importImages();
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            try {
                tearDown();
            } catch (IOException | RuntimeException cleanUp) {
                e.addSuppressed(cleanUp);
            }
            throw e;
        }
        pods = client;
    }

    /** Kubelet-like pods in this containerd. */
    public CriPods pods() {
        return pods;
    }

    public Path socket() {
        return containerd.socket();
    }

    /** {@code ctr} against this containerd in one of its namespaces ({@value #K8S_NAMESPACE} for the CRI's). */
    public String ctr(String namespace, String... args) {
        return containerd.ctr(namespace, args);
    }

    /** The bridge the pods' network interfaces are attached to. */
    public String bridge() {
        return bridge;
    }

    /** The cgroup (relative to each hierarchy's root) all pod cgroups are made under. */
    public String cgroupParent() {
        return cgroupParent;
    }

    public String snapshotter() {
        return snapshotter;
    }

    /** The CRI plugin's section, and the CNI network it reads (written before containerd starts). */
    private String pluginConfig(Path dataDir, Path runDir) {
        Path cniConf = dataDir.resolve("cni/net.d");
        try {
            Files.createDirectories(cniConf);
            Files.writeString(cniConf.resolve("10-lxkns.conflist"), cniNetwork(dataDir.resolve("cni/ipam")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String cri = "[plugins.\"io.containerd.grpc.v1.cri\"";
        return """
                %1$s]
                  sandbox_image = "%2$s"
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  # no oom_score_adj below containerd's own (the sandbox's -998 would be): that
                  # needs CAP_SYS_RESOURCE, which a test machine may withhold even from root
                  restrict_oom_score_adj = true
                %1$s.containerd]
                  snapshotter = "%3$s"
                  default_runtime_name = "runc"
                %1$s.containerd.runtimes.runc]
                  runtime_type = "io.containerd.runc.v2"
                %1$s.containerd.runtimes.runc.options]
                  # runc's state next to ours, not in the machine's /run/containerd/runc
                  Root = "%4$s"
                %1$s.cni]
                  bin_dir = "%5$s"
                  conf_dir = "%6$s"
                  max_conf_num = 1
                """.formatted(cri, SANDBOX_IMAGE, snapshotter, runDir.resolve("runc"), CNI_BIN, cniConf);
    }

    /**
     * A bridge with host-local addresses. No gateway: the bridge plugin would then address the bridge
     * and turn on the host's IP forwarding; pods need no route out of the node in these tests.
     */
    private String cniNetwork(Path ipamDir) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode conf = json.createObjectNode().put("cniVersion", "1.0.0").put("name", network);
        ObjectNode plugin = conf.putArray("plugins").addObject()
                .put("type", "bridge").put("bridge", bridge).put("isGateway", false).put("ipMasq", false);
        plugin.putObject("ipam").put("type", "host-local").put("dataDir", ipamDir.toString())
                .putArray("ranges").addArray().addObject().put("subnet", subnet());
        return conf.toPrettyString();
    }

    /** 10.199.x.0/24, x from the pid: no route leads there, so clashes only matter between runs. */
    private static String subnet() {
        return "10.199." + ProcessHandle.current().pid() % 256 + ".0/24";
    }

    /** overlayfs where the data directory's filesystem can be an overlay's upper layer, else native. */
    private static String snapshotter(Path dir) throws IOException {
        Path probe = Files.createTempDirectory(dir, "overlay-probe-");
        try {
            for (String sub : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectory(probe.resolve(sub));
            }
            Sh.run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + probe.resolve("lower")
                    + ",upperdir=" + probe.resolve("upper") + ",workdir=" + probe.resolve("work"),
                    probe.resolve("merged").toString());
            Sh.run("umount", probe.resolve("merged").toString());
            return "overlayfs";
        } catch (IllegalStateException e) {
            return "native";
        } finally {
            Engine.deleteTree(probe);
        }
    }

    /**
     * Imports both images into the CRI's namespace, unpacked for its snapshotter, and waits until
     * the CRI plugin has taken them in: it learns of images from containerd's events and marks each
     * one it manages with a label; before that, it would try to pull the sandbox image.
     */
    private void importImages() throws IOException {
        Path archive = containerd.dataDir().resolve("images.tar");
        Files.write(archive, OciArchive.of(Map.of(
                SANDBOX_IMAGE, List.of("/bin/sleep", "2147483647"),
                APP_IMAGE, List.of("/bin/sleep", "3600"))));
        ctr(K8S_NAMESPACE, "images", "import", "--snapshotter", snapshotter, archive.toString());
        containerd.awaitAnswer("containerd's CRI plugin taking in the images", Duration.ofSeconds(20), () -> {
            String listed = ctr(K8S_NAMESPACE, "images", "ls");
            for (String image : List.of(SANDBOX_IMAGE, APP_IMAGE)) {
                if (listed.lines().noneMatch(line -> line.startsWith(image + " ") && line.contains(MANAGED_LABEL))) {
                    throw new IllegalStateException("no " + MANAGED_LABEL + " on " + image + " yet");
                }
            }
        });
    }

    /**
     * Removes every sandbox (the private containerd has only ours), then stops the daemon and
     * removes what the pods left on the host: network namespaces, the bridge, cgroups.
     */
    @Override
    public void close() throws IOException {
        List<Path> netns = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        try {
            for (String id : pods.sandboxIds()) {
                try {
                    pods.netnsPath(id).ifPresent(netns::add);
                    pods.removePod(id);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        } catch (RuntimeException e) {
            failures.add(e); // no list: the daemon is gone
        }
        pods.close();
        tearDown();
        for (Path path : netns) {
            if (Files.exists(path)) {
                // containerd died before it could remove it: a bind mount of the pod's netns
                Sh.run("umount", "-l", path.toString());
                Files.deleteIfExists(path);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cannot remove the pods of the private CRI: " + failures.get(0).getMessage(),
                    failures.get(0));
        }
    }

    /** What close() does after the pods are gone; also the clean-up of a failed start. */
    private void tearDown() throws IOException {
        try {
            containerd.close();
        } finally {
            if (Files.exists(Path.of("/sys/class/net", bridge))) {
                Sh.run("ip", "link", "del", bridge);
            }
            removeCgroups();
            if (!hadCniCache) {
                // the pods' entries went with them; the directories stay if another run uses them
                removeIfEmpty(CNI_CACHE.resolve("results"));
                removeIfEmpty(CNI_CACHE);
            }
            Path data = containerd.dataDir();
            for (String sub : List.of("root", "cni", "pods", "images.tar")) {
                Engine.deleteTree(data.resolve(sub));
            }
        }
    }

    private static void removeIfEmpty(Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // someone else's
        }
    }

    /** Our cgroup parent in every hierarchy: its (by now empty) cgroups, children first. */
    private void removeCgroups() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // mount point in field 5; the filesystem type follows the "-" that ends the optional fields
            String[] fields = line.split(" ");
            String type = fields[List.of(fields).indexOf("-") + 1];
            Path dir = Path.of(fields[4], cgroupParent.substring(1));
            if (!type.startsWith("cgroup") || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path cgroup : tree.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(cgroup); // rmdir; a cgroup's files go with it
                }
            }
        }
    }

    /**
     * An OCI image layout in a tar, as {@code ctr images import} reads it: one layer (the busybox
     * rootfs, uncompressed), and per image a config with its command and a manifest, named in the
     * index by {@code org.opencontainers.image.ref.name}.
     */
    static final class OciArchive {
        private static final ObjectMapper JSON = new ObjectMapper();

        private final Map<String, byte[]> blobs = new LinkedHashMap<>();
        private final Tar tar = new Tar();

        private OciArchive() {}

        static byte[] of(Map<String, List<String>> commandOfImage) throws IOException {
            return new OciArchive().build(commandOfImage);
        }

        private byte[] build(Map<String, List<String>> commandOfImage) throws IOException {
            byte[] layer = Tar.of(Engine.busyboxRootfs());
            String layerDigest = digest(layer);
            blobs.put(layerDigest, layer);
            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2)
                    .put("mediaType", "application/vnd.oci.image.index.v1+json");
            ArrayNode manifests = index.putArray("manifests");
            for (var image : commandOfImage.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                ObjectNode config = JSON.createObjectNode().put("architecture", architecture()).put("os", "linux");
                ObjectNode process = config.putObject("config");
                process.putArray("Env").add("PATH=/bin");
                image.getValue().forEach(process.withArray("Cmd")::add);
                config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);

                ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                        .put("mediaType", "application/vnd.oci.image.manifest.v1+json");
                manifest.set("config", blob("application/vnd.oci.image.config.v1+json", JSON.writeValueAsBytes(config)));
                manifest.putArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar", layerDigest, layer.length));
                ObjectNode entry = blob("application/vnd.oci.image.manifest.v1+json", JSON.writeValueAsBytes(manifest));
                entry.putObject("annotations").put("org.opencontainers.image.ref.name", image.getKey());
                manifests.add(entry);
            }
            tar.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            tar.file("index.json", JSON.writeValueAsBytes(index));
            tar.directory("blobs");
            tar.directory("blobs/sha256");
            for (var blob : blobs.entrySet()) {
                tar.file("blobs/sha256/" + blob.getKey().substring("sha256:".length()), blob.getValue());
            }
            return tar.finish();
        }

        private ObjectNode blob(String mediaType, byte[] content) {
            String digest = digest(content);
            blobs.put(digest, content);
            return descriptor(mediaType, digest, content.length);
        }

        private static ObjectNode descriptor(String mediaType, String digest, long size) {
            return JSON.createObjectNode().put("mediaType", mediaType).put("digest", digest).put("size", size);
        }

        private static String digest(byte[] content) {
            try {
                return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The image's architecture in OCI's words (Go's), so that ctr imports it for this machine. */
        private static String architecture() {
            String arch = System.getProperty("os.arch");
            return switch (arch) {
                case "amd64", "x86_64" -> "amd64";
                case "aarch64" -> "arm64";
                default -> arch;
            };
        }
    }

    /**
     * A ustar archive written in memory: directories, regular files and symlinks, owned by root,
     * with a fixed modification time so that the same content gives the same digest.
     */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** A tar of {@code dir}'s content, with paths relative to it. */
        static byte[] of(Path dir) throws IOException {
            Tar tar = new Tar();
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path path : tree.filter(p -> !p.equals(dir)).sorted().toList()) {
                    String name = dir.relativize(path).toString();
                    int mode = mode(path);
                    if (Files.isSymbolicLink(path)) {
                        tar.entry(name, 0777, '2', Files.readSymbolicLink(path).toString(), new byte[0]);
                    } else if (Files.isDirectory(path)) {
                        tar.entry(name + "/", mode, '5', "", new byte[0]);
                    } else {
                        tar.entry(name, mode, '0', "", Files.readAllBytes(path));
                    }
                }
            }
            return tar.finish();
        }

        void directory(String name) {
            entry(name + "/", 0755, '5', "", new byte[0]);
        }

        void file(String name, byte[] content) {
            entry(name, 0644, '0', "", content);
        }

        private void entry(String name, int mode, char type, String link, byte[] content) {
            byte[] header = new byte[512];
            put(header, 0, 100, name);
            octal(header, 100, 8, mode);
            octal(header, 108, 8, 0);
            octal(header, 116, 8, 0);
            octal(header, 124, 12, content.length);
            octal(header, 136, 12, 0);
            header[156] = (byte) type;
            put(header, 157, 100, link);
            put(header, 257, 8, "ustar\0" + "00");
            put(header, 265, 32, "root");
            put(header, 297, 32, "root");
            // The checksum is taken with its own field read as spaces.
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, 8, String.format("%06o", sum) + "\0 ");
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }

        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private static void put(byte[] header, int offset, int length, String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > length) {
                throw new IllegalArgumentException("too long for a tar header: " + value);
            }
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }

        private static void octal(byte[] header, int offset, int length, long value) {
            put(header, offset, length, String.format("%0" + (length - 1) + "o", value) + "\0");
        }

        private static int mode(Path path) throws IOException {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission permission : PosixFilePermission.values()) {
                if (permissions.contains(permission)) {
                    mode |= 1 << (8 - permission.ordinal());
                }
            }
            return mode;
        }
    }
}
