package io.onex.host.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private int admitted(TokenBucket bucket, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryAcquire()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void aFullBucketAdmitsOneSecondsWorthAtOnceAndThenRefuses() {
        TokenBucket bucket = TokenBucket.perSecond(5, now::get);
        assertThat(admitted(bucket, 20)).isEqualTo(5);
    }

    @Test
    void tokensComeBackAtTheRate() {
        TokenBucket bucket = TokenBucket.perSecond(10, now::get);
        admitted(bucket, 10);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(admitted(bucket, 5)).isEqualTo(1);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(350));
        assertThat(admitted(bucket, 5)).isEqualTo(3);
    }

    @Test
    void aQuietSpellNeverFillsTheBucketBeyondOneSecondsWorth() {
        TokenBucket bucket = TokenBucket.perSecond(4, now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(admitted(bucket, 100)).isEqualTo(4);
    }

    @Test
    void aFractionalRateAdmitsOneCallPerInterval() {
        TokenBucket bucket = TokenBucket.perSecond(0.5, now::get);
        assertThat(bucket.tryAcquire()).isTrue();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_999));
        assertThat(bucket.tryAcquire()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(bucket.tryAcquire()).isTrue();
    }

    @Test
    void concurrentCallersNeverTakeMoreTokensThanTheBucketHolds() throws InterruptedException {
        TokenBucket bucket = TokenBucket.perSecond(100, now::get);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                threads.execute(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    for (int i = 0; i < 1_000; i++) {
                        if (bucket.tryAcquire()) {
                            admitted.incrementAndGet();
                        }
                    }
                });
            }
            start.countDown();
        }
        assertThat(admitted.get()).isEqualTo(100);
    }
}
