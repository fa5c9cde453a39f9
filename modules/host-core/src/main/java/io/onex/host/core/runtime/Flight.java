package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.Inbound;
import io.onex.host.api.Settlement;
import io.onex.host.core.codec.DecodeResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/** One delivered message on its way to its one response. */
final class Flight {
    private static final VarHandle HOLDS_PERMIT;

    static {
        try {
            HOLDS_PERMIT = MethodHandles.lookup().findVarHandle(Flight.class, "holdsPermit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Inbound message;
    final Settlement settlement;
    /** Set by whoever answers first; the one response rule rests on it. */
    final AtomicBoolean answered = new AtomicBoolean();
    volatile Envelope request;
    volatile DecodeResult.Rejected unreadable;
    /** Whether the flight holds one of the host's in-flight slots; see {@link #dropPermit()}. */
    private volatile boolean holdsPermit;
    /** Set once the request's node is known; {@code null} until then. */
    volatile NodeStats node;
    /** Set once the node, then the binding, is known; {@code null} until then. */
    volatile EnvelopeMeter meter;
    /** The binding the request was handed to, once it was; {@code null} until then. */
    volatile String binding;
    /** The virtual thread working on the flight, once it was started; see {@link EnvelopeWorkers}. */
    volatile Thread worker;

    Flight(Inbound message, Settlement settlement) {
        this.message = message;
        this.settlement = settlement;
    }

    /** Gives up the flight's in-flight slot; returns whether it held one, so that exactly one caller frees it. */
    boolean dropPermit() {
        return HOLDS_PERMIT.compareAndSet(this, true, false);
    }

    /** Records that the flight holds an in-flight slot (a field, not an atomic object: one allocation less per envelope). */
    void holdPermit() {
        holdsPermit = true;
    }
}
