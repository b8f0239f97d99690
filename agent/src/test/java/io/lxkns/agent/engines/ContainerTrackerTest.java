package io.lxkns.agent.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The first-answer gate the agent's first report waits on, with an engine client whose list the test
 * holds back. The engine behaviour itself is tested against real engines in ContainerTrackerIT.
 */
class ContainerTrackerTest {

    @Test
    void theFirstAnswerIsAwaitedUntilTheEngineListed() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ContainerTracker tracker = new ContainerTracker(new HeldBack(release, null)).start()) {
            assertThat(tracker.awaitFirstAnswer(200, TimeUnit.MILLISECONDS)).as("list still held back").isFalse();
            assertThat(tracker.snapshot().listed()).isFalse();
            assertThat(tracker.snapshot().error()).isNull();

            release.countDown();

            assertThat(tracker.awaitFirstAnswer(5, TimeUnit.SECONDS)).isTrue();
            assertThat(tracker.snapshot().listed()).isTrue();
            assertThat(tracker.snapshot().up()).isTrue();
        }
    }

    @Test
    void anEngineThatFailsHasAnsweredToo() throws Exception {
        CountDownLatch release = new CountDownLatch(0);
        try (ContainerTracker tracker = new ContainerTracker(new HeldBack(release, "connection refused")).start()) {
            assertThat(tracker.awaitFirstAnswer(5, TimeUnit.SECONDS)).isTrue();
            assertThat(tracker.snapshot().listed()).isFalse();
            assertThat(tracker.snapshot().error()).contains("connection refused");
        }
    }

    /** A client whose list waits for {@code release}, then answers with no containers or fails. */
    private record HeldBack(CountDownLatch release, String failure) implements EngineClient {
        @Override
        public EngineKind engine() {
            return EngineKind.CONTAINERD;
        }

        @Override
        public String endpoint() {
            return "/run/held-back.sock";
        }

        @Override
        public List<Container> list() throws EngineException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new EngineException(failure, null);
            }
            return List.of();
        }

        @Override
        public Optional<Container> inspect(String engineNamespace, String id) {
            return Optional.empty();
        }

        @Override
        public Closeable subscribe(Listener listener) {
            return () -> { };
        }

        @Override
        public void close() {
            release.countDown();
        }
    }
}
