package io.lxkns.agent.engines;

import io.lxkns.discovery.testing.Root;
import java.io.IOException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One private containerd and dockerd for all tests of a test run, started on first use and stopped
 * (containers removed, shims ended, directories deleted) when the run ends.
 */
public final class SharedEngines implements BeforeAllCallback, ParameterResolver, AutoCloseable {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SharedEngines.class);

    private PrivateContainerd containerd;
    private PrivateDocker docker;

    public PrivateContainerd containerd() {
        return containerd;
    }

    public PrivateDocker docker() {
        return docker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        get(context);
    }

    private static SharedEngines get(ExtensionContext context) {
        return context.getRoot().getStore(STORE).getOrComputeIfAbsent("engines", key -> start(), SharedEngines.class);
    }

    private static SharedEngines start() {
        Root.require();
        SharedEngines engines = new SharedEngines();
        try {
            engines.containerd = new PrivateContainerd("containerd");
            engines.docker = new PrivateDocker("docker", engines.containerd);
        } catch (IOException | RuntimeException e) {
            engines.close();
            throw new IllegalStateException("cannot start the private engines: " + e.getMessage(), e);
        }
        return engines;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedEngines.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return get(context);
    }

    @Override
    public void close() {
        try {
            if (docker != null) {
                docker.close();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the private dockerd: " + e.getMessage());
        }
        try {
            if (containerd != null) {
                containerd.close();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the private containerd: " + e.getMessage());
        }
    }
}
