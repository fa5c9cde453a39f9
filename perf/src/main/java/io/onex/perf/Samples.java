package io.onex.perf;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durations in nanoseconds, recorded from many threads into a fixed array: once it is full,
 * further samples are dropped, so recording never allocates or blocks.
 */
public final class Samples {

    private final long[] nanos;
    private final AtomicInteger next = new AtomicInteger();

    private Samples(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.nanos = new long[capacity];
    }

    /** Returns an empty recorder that keeps up to {@code capacity} samples. */
    public static Samples withCapacity(int capacity) {
        return new Samples(capacity);
    }

    /** Records one duration. */
    public void add(long durationNanos) {
        int index = next.getAndIncrement();
        if (index < nanos.length) {
            nanos[index] = durationNanos;
        }
    }

    /** Returns how many samples are kept. */
    public int count() {
        return Math.min(next.get(), nanos.length);
    }

    /** Forgets every sample. Call only while nothing records. */
    public void clear() {
        next.set(0);
    }

    /**
     * Returns the {@code percentile} (0 to 100, nearest rank) of the kept samples in milliseconds.
     *
     * @throws IllegalStateException when nothing was recorded
     */
    public double percentileMillis(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be 0 to 100: " + percentile);
        }
        int count = count();
        if (count == 0) {
            throw new IllegalStateException("no samples recorded");
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
