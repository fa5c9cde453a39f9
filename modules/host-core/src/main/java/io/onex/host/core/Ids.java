package io.onex.host.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes random (version 4) UUIDs for envelope and correlation ids, fast enough for the
 * per-envelope path.
 *
 * <p>{@link UUID#randomUUID()} draws from a shared {@code SecureRandom}, which costs far more
 * per id and becomes a point of contention at hundreds of thousands of ids per second. Message
 * ids need to be unique, not unguessable, so these come from {@link ThreadLocalRandom} instead.
 * Do not use them where an id must be secret or unpredictable (tokens, nonces).
 */
public final class Ids {

    private static final long VERSION_MASK = 0xFFFF_FFFF_FFFF_0FFFL;
    private static final long VERSION_4 = 0x0000_0000_0000_4000L;
    private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long VARIANT_IETF = 0x8000_0000_0000_0000L;

    private Ids() {
    }

    /** Returns a new random version 4 UUID without touching any shared state. */
    public static UUID fastRandomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & VERSION_MASK) | VERSION_4;
        // Each thread's generator has only 64 bits of state, so two threads whose sequences
        // happen to overlap would produce the same ids; the thread's id (unique in the process,
        // in the low bits the variant mask keeps) makes such a pair differ. It was the clock
        // once, but reading the clock costs more than the rest of the id here.
        long least = ((random.nextLong() ^ Thread.currentThread().threadId()) & VARIANT_MASK) | VARIANT_IETF;
        return new UUID(most, least);
    }
}
