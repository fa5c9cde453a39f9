package io.onex.host.core.runtime;

import io.onex.host.api.Envelope;
import io.onex.host.api.Settlement;
import io.onex.host.core.trace.EnvelopeSpan;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One delivered message on its way to its one response: what the intake decided about it
 * ({@link Admission}), its span, and how far it got (its node, then its route, each an immutable
 * value set once). The flags that the one-answer rule and the in-flight slot rest on are bits of
 * one field, so a flight costs one object. They are changed by compare-and-set once the flight is
 * {@linkplain #listed listed}, that is once another thread may reach it; a flight that runs on
 * its delivering thread is never listed, and only that thread ever reads or changes its flags,
 * so plain writes do there, and that envelope pays no atomic update for them.
 */
final class Flight {
    private static final int PERMIT = 1;
    private static final int ANSWERED = 2;
    private static final int HANDED = 4;
    private static final VarHandle FLAGS;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(Flight.class, "flags", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Admission admission;
    final Settlement settlement;
    /** The envelope's span, for an accepted request; {@code null} otherwise. Ended by whoever answers. */
    final EnvelopeSpan span;
    /**
     * Whether the flight was listed in {@link Flights}: set before it is handed to its worker or
     * to anyone else (so before any other thread can reach it), never for a flight that runs on
     * its delivering thread.
     */
    boolean listed;
    /** Intrusive links of {@link Flights}, guarded by the stripe's lock. */
    Flight previous;
    Flight next;
    final int stripe;
    /** The request's node once it is known; {@code null} until then. */
    volatile NodeRuntime.Node node;
    /** The request's route once it was routed; {@code null} until then. */
    volatile NodeRuntime.Route route;
    /** The virtual thread working on the flight, once it was started; see {@link EnvelopeWorkers}. */
    volatile Thread worker;
    @SuppressWarnings("unused") // through FLAGS
    private volatile int flags;

    Flight(Admission admission, Settlement settlement, EnvelopeSpan span, int stripe) {
        this.admission = admission;
        this.settlement = settlement;
        this.span = span;
        this.stripe = stripe;
    }

    /** Returns the request, or {@code null} when the message held no readable envelope. */
    Envelope request() {
        return admission.request();
    }

    /** Claims the flight's one answer; returns {@code false} when it was answered already. */
    boolean claimAnswer() {
        return set(ANSWERED);
    }

    /** Returns whether the flight was answered. */
    boolean answered() {
        return (flags & ANSWERED) != 0;
    }

    /** Records that the request was handed to its binding's handler. */
    void handed() {
        set(HANDED);
    }

    /** Returns whether the request was handed to its binding's handler. */
    boolean wasHanded() {
        return (flags & HANDED) != 0;
    }

    /** Records that the flight holds an in-flight slot. */
    void holdPermit() {
        set(PERMIT);
    }

    /** Gives up the flight's in-flight slot; returns whether it held one, so that exactly one caller frees it. */
    boolean dropPermit() {
        if (!listed) {
            int current = (int) FLAGS.get(this);
            FLAGS.set(this, current & ~PERMIT);
            return (current & PERMIT) != 0;
        }
        int current;
        do {
            current = flags;
            if ((current & PERMIT) == 0) {
                return false;
            }
        } while (!FLAGS.compareAndSet(this, current, current & ~PERMIT));
        return true;
    }

    /** Sets {@code bit}; returns whether this call set it. */
    private boolean set(int bit) {
        if (!listed) {
            // Only the delivering thread has this flight: see the class comment.
            int current = (int) FLAGS.get(this);
            FLAGS.set(this, current | bit);
            return (current & bit) == 0;
        }
        int current;
        do {
            current = flags;
            if ((current & bit) != 0) {
                return false;
            }
        } while (!FLAGS.compareAndSet(this, current, current | bit));
        return true;
    }
}
