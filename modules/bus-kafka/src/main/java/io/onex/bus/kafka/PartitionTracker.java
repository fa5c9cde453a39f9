package io.onex.bus.kafka;

import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one assigned partition that were fetched and are not finished yet, in fetch
 * order, and the offset that can be committed: the lowest one not finished yet.
 *
 * <p>Each fetched record gets a sequence number; finishing marks it, and the head of the window
 * moves past every finished record in a row. Only the consumer thread uses a tracker, except for
 * {@link #retired} and {@link #handed}, which the delivery side reads.
 */
final class PartitionTracker {

    private static final int INITIAL_CAPACITY = 64;

    final TopicPartition partition;
    /** Set when the partition was revoked, lost or rewound: its records are no longer delivered. */
    volatile boolean retired;
    /** Records of this tracker delivered to the listener and not settled yet. */
    final java.util.concurrent.atomic.AtomicInteger handed = new java.util.concurrent.atomic.AtomicInteger();

    private long[] offsets = new long[INITIAL_CAPACITY];
    private boolean[] finished = new boolean[INITIAL_CAPACITY];
    private long headSeq;
    private long tailSeq;
    private long commitPosition;
    private long committed;

    /**
     * Returns a tracker of {@code partition} whose commit position starts at
     * {@code commitPosition} ({@code -1}: nothing to commit yet) with {@code committed} already
     * committed.
     */
    PartitionTracker(TopicPartition partition, long commitPosition, long committed) {
        this.partition = partition;
        this.commitPosition = commitPosition;
        this.committed = committed;
    }

    /** Returns a tracker with nothing fetched and nothing committed by it. */
    static PartitionTracker fresh(TopicPartition partition) {
        return new PartitionTracker(partition, -1, -1);
    }

    /** Records a fetched offset and returns its sequence number. */
    long add(long offset) {
        if (tailSeq - headSeq == offsets.length) {
            grow();
        }
        int slot = slot(tailSeq);
        offsets[slot] = offset;
        finished[slot] = false;
        return tailSeq++;
    }

    /** Marks the record with sequence number {@code seq} finished; returns whether the commit position moved. */
    boolean finish(long seq) {
        if (seq < headSeq || seq >= tailSeq) {
            return false;
        }
        finished[slot(seq)] = true;
        boolean moved = false;
        while (headSeq < tailSeq && finished[slot(headSeq)]) {
            commitPosition = offsets[slot(headSeq)] + 1;
            headSeq++;
            moved = true;
        }
        return moved;
    }

    /** Returns the lowest fetched offset not finished yet, or {@code -1} when every fetched record is finished. */
    long lowestUnfinished() {
        return headSeq == tailSeq ? -1 : offsets[slot(headSeq)];
    }

    /** Returns how many fetched records are not finished yet. */
    int unfinished() {
        return (int) (tailSeq - headSeq);
    }

    /** Returns the offset to commit ({@code -1} when nothing was finished), which only grows. */
    long commitPosition() {
        return commitPosition;
    }

    /** Returns the offset last committed successfully, or {@code -1}. */
    long committed() {
        return committed;
    }

    /** Returns whether the commit position is ahead of what was committed. */
    boolean hasUncommitted() {
        return commitPosition > committed;
    }

    /** Notes that {@code offset} was committed. */
    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    private int slot(long seq) {
        return (int) (seq % offsets.length);
    }

    private void grow() {
        int size = offsets.length;
        long[] newOffsets = new long[size * 2];
        boolean[] newFinished = new boolean[size * 2];
        for (long seq = headSeq; seq < tailSeq; seq++) {
            newOffsets[(int) (seq % (size * 2))] = offsets[slot(seq)];
            newFinished[(int) (seq % (size * 2))] = finished[slot(seq)];
        }
        offsets = newOffsets;
        finished = newFinished;
    }

    @Override
    public String toString() {
        return partition + " " + Arrays.toString(new long[] {headSeq, tailSeq, commitPosition, committed});
    }
}
