package io.onex.bus.kafka;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the consumer reported last, for the bus health.
 *
 * @param connected         whether it held a connection to a broker
 * @param lagByPartition    per assigned partition ({@code topic-partition}): records not yet
 *                          processed, whether on the broker beyond what was fetched or fetched
 *                          and unfinished
 * @param lag               the sum of {@code lagByPartition}
 * @param assigned          how many partitions are assigned to this consumer
 * @param paused            how many of them are paused
 */
record ConsumerReport(boolean connected, Map<String, Long> lagByPartition, long lag, int assigned, int paused) {

    /** The report of a consumer that is not connected and holds nothing. */
    static final ConsumerReport DISCONNECTED = new ConsumerReport(false, Map.of(), 0, 0, 0);

    ConsumerReport {
        lagByPartition = Collections.unmodifiableMap(new LinkedHashMap<>(lagByPartition));
    }
}
