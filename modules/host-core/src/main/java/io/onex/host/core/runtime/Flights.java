package io.onex.host.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The flights the host has taken up and not yet settled, for a shutdown to answer and interrupt.
 * Kept as intrusive lists in a few stripes, each behind its own lock: adding or removing a flight
 * allocates nothing and rarely waits, where a concurrent set paid a node and a shared count per
 * envelope.
 */
final class Flights {

    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];

    Flights() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Returns the stripe a new flight goes to. */
    static int stripe() {
        return ThreadLocalRandom.current().nextInt(STRIPES);
    }

    /** Lists {@code flight}; a flight that is never listed costs {@link #remove} no lock. */
    void add(Flight flight) {
        Stripe stripe = stripes[flight.stripe];
        flight.listed = true;
        synchronized (stripe) {
            flight.next = stripe.head;
            if (stripe.head != null) {
                stripe.head.previous = flight;
            }
            stripe.head = flight;
            stripe.size++;
        }
    }

    /** Removes {@code flight} if it is here. */
    void remove(Flight flight) {
        if (!flight.listed) {
            return;
        }
        Stripe stripe = stripes[flight.stripe];
        synchronized (stripe) {
            if (flight.previous == null && stripe.head != flight) {
                return; // not here (never added, or removed already)
            }
            if (flight.previous != null) {
                flight.previous.next = flight.next;
            } else {
                stripe.head = flight.next;
            }
            if (flight.next != null) {
                flight.next.previous = flight.previous;
            }
            flight.previous = null;
            flight.next = null;
            stripe.size--;
        }
    }

    /** Returns how many flights are here now. */
    int size() {
        int size = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                size += stripe.size;
            }
        }
        return size;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Returns the flights here now. */
    List<Flight> snapshot() {
        List<Flight> all = new ArrayList<>();
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                for (Flight flight = stripe.head; flight != null; flight = flight.next) {
                    all.add(flight);
                }
            }
        }
        return all;
    }

    private static final class Stripe {
        private Flight head;
        private int size;
    }
}
