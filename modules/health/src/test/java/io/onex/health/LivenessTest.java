package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.core.status.HostStatus.Progress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private final AtomicReference<Progress> progress = new AtomicReference<>(new Progress(0, false));
    private final AtomicLong nanos = new AtomicLong();
    private final Liveness liveness = new Liveness(progress::get, Duration.ofSeconds(10), nanos::get);

    private void advance(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void anIdleHostIsLiveHoweverLongItIdles() {
        liveness.check();
        advance(Duration.ofHours(1));

        assertThat(liveness.check().live()).isTrue();
    }

    @Test
    void aHostThatKeepsAnsweringIsLive() {
        for (int i = 1; i <= 10; i++) {
            progress.set(new Progress(i, true));
            advance(Duration.ofSeconds(9));
            assertThat(liveness.check().live()).isTrue();
        }
    }

    @Test
    void waitingWorkWithNothingAnsweredForLongerThanTheLimitIsStuck() {
        progress.set(new Progress(5, true));
        liveness.check();
        advance(Duration.ofSeconds(10));
        assertThat(liveness.check().live()).isTrue();
        advance(Duration.ofMillis(1));

        Liveness.Verdict verdict = liveness.check();

        assertThat(verdict.live()).isFalse();
        assertThat(verdict.stalledNanos()).isEqualTo(Duration.ofMillis(10_001).toNanos());
    }

    @Test
    void aStuckHostIsLiveAgainOnceItAnswersAnything() {
        progress.set(new Progress(5, true));
        liveness.check();
        advance(Duration.ofSeconds(11));
        assertThat(liveness.check().live()).isFalse();

        progress.set(new Progress(6, true));

        assertThat(liveness.check().live()).isTrue();
    }
}
