package io.onex.host.api;

/** Tells the bus that one delivered message is fully dealt with. */
@FunctionalInterface
public interface Settlement {

    /** A settlement for buses that track nothing. */
    Settlement NONE = () -> { };

    /** Marks the delivery complete. Calling it more than once has no further effect. */
    void complete();
}
