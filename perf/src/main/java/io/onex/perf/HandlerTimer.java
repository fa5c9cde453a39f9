package io.onex.perf;

import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.HostObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host observer that keeps the host's own timing of every handler call
 * ({@link EnvelopeMeter#executed}), by handler type: the time from the host calling
 * {@code Handler.execute} to its return, without the bus, decoding or publishing.
 */
public final class HandlerTimer implements HostObserver {

    private final Map<HandlerType, Samples> byType = new ConcurrentHashMap<>();
    private final int capacity;

    private HandlerTimer(int capacity) {
        this.capacity = capacity;
    }

    /** Returns a timer that keeps up to {@code capacity} samples per handler type. */
    public static HandlerTimer withCapacity(int capacity) {
        return new HandlerTimer(capacity);
    }

    @Override
    public EnvelopeMeter meter(String node, String binding, HandlerType type) {
        if (type == null) {
            return EnvelopeMeter.NONE;
        }
        Samples samples = samples(type);
        return new EnvelopeMeter() {
            @Override
            public void answered() {
            }

            @Override
            public void failed(ErrorCode code) {
            }

            @Override
            public void executed(long nanos) {
                samples.add(nanos);
            }
        };
    }

    /** Returns the samples of handlers of {@code type}. */
    public Samples samples(HandlerType type) {
        return byType.computeIfAbsent(type, t -> Samples.withCapacity(capacity));
    }
}
