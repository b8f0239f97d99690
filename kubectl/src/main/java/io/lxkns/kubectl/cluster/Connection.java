package io.lxkns.kubectl.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lxkns.kubectl.Failure;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client for the cluster kubectl would talk to: the same kubeconfig ({@code --kubeconfig}, else
 * {@code $KUBECONFIG}, else {@code ~/.kube/config}, else the pod's service account), the same context
 * ({@code --context}, else the current one) and the same default namespace ({@code -n}, else the
 * context's, else {@code default}).
 */
public final class Connection implements AutoCloseable {
    /** kubectl's own default for a context without a namespace. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** Where a pod finds its service account's token, as fabric8 and kubectl look for it in a pod. */
    private static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    private final KubernetesClient client;
    private final String contextNamespace;

    private Connection(KubernetesClient client, String contextNamespace) {
        this.client = client;
        this.contextNamespace = contextNamespace;
    }

    public static Connection open(Path kubeconfig, String context) {
        Config config;
        try {
            config = config(kubeconfig, context);
        } catch (Failure e) {
            throw e;
        } catch (RuntimeException e) {
            // Unparsable YAML, a credential plugin that failed: fabric8 says what, deep in its causes.
            throw new Failure("cannot use the kubeconfig" + (kubeconfig == null ? "" : " " + kubeconfig) + ": "
                    + firstLine(e));
        }
        // A command line tool answers or fails at once: fabric8's default retries a refused
        // connection ten times with a growing backoff, over a minute of silence.
        config.setRequestRetryBackoffLimit(0);
        String namespace = config.getNamespace() != null && !config.getNamespace().isBlank() ? config.getNamespace()
                : null;
        try {
            return new Connection(new KubernetesClientBuilder().withConfig(config).build(), namespace);
        } catch (RuntimeException e) {
            throw new Failure("cannot make a client for " + config.getMasterUrl() + ": " + firstLine(e));
        }
    }

    /** The first line of the innermost message: the one that names the problem. */
    private static String firstLine(Throwable e) {
        String message = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage().strip();
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Config config(Path kubeconfig, String context) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw new Failure("no kubeconfig at " + kubeconfig);
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            if (Config.getKubeconfigFilenames().stream().noneMatch(name -> Files.isRegularFile(Path.of(name)))
                    && !Files.isRegularFile(Path.of(SERVICE_ACCOUNT_TOKEN))) {
                // fabric8 would go on to https://kubernetes.default.svc and fail on its name.
                throw new Failure("no kubeconfig: pass --kubeconfig, set KUBECONFIG, or write ~/.kube/config");
            }
            config = Config.autoConfigure(context);
        }
        // fabric8 does not fail for a context the kubeconfig lacks; kubectl does, and so do we:
        // answering from another context's cluster would mislead.
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            throw new Failure("context \"" + context + "\" does not exist in the kubeconfig");
        }
        // Nor for a kubeconfig without a current context: it would go on to kubernetes.default.svc.
        if (config.getCurrentContext() == null && !Files.isRegularFile(Path.of(SERVICE_ACCOUNT_TOKEN))) {
            throw new Failure("the kubeconfig has no current context: pass --context");
        }
        return config;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The namespace a command works in: {@code -n}, else the context's, else {@code default}. */
    public String namespace(String flag) {
        return flag != null ? flag : contextNamespace != null ? contextNamespace : DEFAULT_NAMESPACE;
    }

    @Override
    public void close() {
        client.close();
    }
}
