package io.onex.host.api.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The contract names of the model's enums, once: a constant is written in contracts as its name in
 * lower case ({@code INMEMORY} as {@code inmemory}).
 */
final class WireNames {

    private WireNames() {
    }

    /** Returns the contract name of {@code value}. */
    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Returns the constant of {@code values} whose contract name is {@code wireName}, if there is one. */
    static <E extends Enum<E>> Optional<E> find(E[] values, String wireName) {
        return Arrays.stream(values).filter(value -> of(value).equals(wireName)).findFirst();
    }

    /** Returns the contract names of {@code values}, in their order. */
    static List<String> all(Enum<?>[] values) {
        return Arrays.stream(values).map(WireNames::of).toList();
    }
}
