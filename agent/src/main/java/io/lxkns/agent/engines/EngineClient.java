package io.lxkns.agent.engines;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/** One connection to one container engine. Implementations are thread-safe. */
public interface EngineClient extends AutoCloseable {

    EngineKind engine();

    /** The socket path it talks to. */
    String endpoint();

    /** Every running or paused container, in every engine namespace. */
    List<Container> list() throws EngineException;

    /**
     * The pod sandboxes the last {@link #list} saw, ready or not: only a CRI runtime has them. Called
     * on the thread that listed.
     */
    default List<Sandbox> sandboxes() {
        return List.of();
    }

    /** One container, or empty when it does not exist or is not running. */
    Optional<Container> inspect(String engineNamespace, String id) throws EngineException;

    /**
     * Streams container changes until the returned handle is closed. {@code listener} is called on
     * the engine's own thread and must not block.
     */
    Closeable subscribe(Listener listener) throws EngineException;

    /** Receives an engine's container events. */
    interface Listener {
        /**
         * Something happened to a container: it was created, started, paused, stopped or removed. A
         * null {@code containerId}: something changed that only a new list tells (a CRI runtime's
         * pods).
         */
        void changed(String engineNamespace, String containerId);

        /** The stream broke; no further calls follow. */
        void failed(Throwable cause);
    }

    @Override
    void close();
}
