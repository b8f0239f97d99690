package io.lxkns.discovery.testing;

import io.lxkns.discovery.linux.NativeCallException;
import io.lxkns.discovery.linux.Nsfs;
import io.lxkns.discovery.model.NamespaceType;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicReference;

/** Network namespaces made inside the test JVM, held only by what the test keeps open. */
public final class Netns {
    private Netns() {}

    /**
     * A socket created in a new network namespace by a thread that then ends, so that nothing but
     * the socket (held by this JVM) keeps the namespace alive. Closing the channel ends it.
     */
    public static DatagramChannel socketInNewNamespace() throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Nsfs.unshare(NamespaceType.NET.cloneFlag());
                outcome.set(DatagramChannel.open());
            } catch (NativeCallException | IOException e) {
                outcome.set(e);
            }
        }, "netns-socket-maker");
        thread.start();
        thread.join();
        if (outcome.get() instanceof DatagramChannel channel) {
            return channel;
        }
        throw new IllegalStateException("cannot create a socket in a new network namespace", (Throwable) outcome.get());
    }
}
