package io.onex.bus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionTrackerTest {

    private final PartitionTracker tracker = PartitionTracker.fresh(new TopicPartition("onex.t.d.cmd.v1", 0));

    @Test
    void nothingIsCommittableBeforeAnyRecordFinishes() {
        tracker.add(5);
        assertThat(tracker.hasUncommitted()).isFalse();
        assertThat(tracker.lowestUnfinished()).isEqualTo(5);
    }

    @Test
    void theCommitPositionStopsAtTheLowestUnfinishedRecord() {
        long a = tracker.add(10);
        long b = tracker.add(11);
        long c = tracker.add(12);
        assertThat(tracker.finish(c)).isFalse();
        assertThat(tracker.finish(a)).isTrue();
        assertThat(tracker.commitPosition()).isEqualTo(11);
        assertThat(tracker.lowestUnfinished()).isEqualTo(11);
        assertThat(tracker.finish(b)).isTrue();
        assertThat(tracker.commitPosition()).isEqualTo(13);
        assertThat(tracker.unfinished()).isZero();
        assertThat(tracker.lowestUnfinished()).isEqualTo(-1);
    }

    @Test
    void gapsBetweenOffsetsAreCommittedPast() {
        long a = tracker.add(3);
        long b = tracker.add(7);
        tracker.finish(b);
        tracker.finish(a);
        assertThat(tracker.commitPosition()).isEqualTo(8);
    }

    @Test
    void theWindowGrowsBeyondItsInitialCapacityKeepingOrder() {
        long[] seqs = new long[1_000];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = tracker.add(100 + i);
        }
        for (int i = seqs.length - 1; i >= 1; i--) {
            tracker.finish(seqs[i]);
        }
        assertThat(tracker.commitPosition()).isEqualTo(-1);
        tracker.finish(seqs[0]);
        assertThat(tracker.commitPosition()).isEqualTo(1_100);
    }

    @Test
    void finishingTwiceOrAnUnknownSequenceChangesNothing() {
        long a = tracker.add(1);
        tracker.finish(a);
        assertThat(tracker.finish(a)).isFalse();
        assertThat(tracker.finish(99)).isFalse();
        assertThat(tracker.commitPosition()).isEqualTo(2);
    }

    @Test
    void aCommitIsOwedUntilItsOffsetIsNotedAsCommitted() {
        tracker.finish(tracker.add(0));
        assertThat(tracker.hasUncommitted()).isTrue();
        tracker.committed(1);
        assertThat(tracker.hasUncommitted()).isFalse();
    }
}
