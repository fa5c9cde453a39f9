package io.onex.host.api.violations;

import io.onex.host.api.HandlerType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An API record that uses only java.base types, arrays, primitives and host-api types: allowed.
 *
 * @param at     when
 * @param types  which handler types
 * @param counts per-type counts
 */
public record JavaBaseOnly(Instant at, List<HandlerType> types, int[] counts) {

    /** Returns the first type, if any. */
    public Optional<HandlerType> first() {
        HandlerType[] all = types.toArray(HandlerType[]::new);
        return all.length == 0 ? Optional.empty() : Optional.of(all[0]);
    }
}
