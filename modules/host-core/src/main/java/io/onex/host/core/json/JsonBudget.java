package io.onex.host.core.json;

import java.util.Objects;

/**
 * What is left of one document's {@link JsonLimits} while it is read: the values and the chars
 * of text it may still hold. A document read in parts (as the envelope reader does, field by
 * field) passes the same budget to every part.
 *
 * <p>Not thread-safe; one per document.
 */
public final class JsonBudget {

    private final JsonLimits limits;
    private int values;
    private int text;

    private JsonBudget(JsonLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.values = limits.maxValues();
        this.text = limits.maxTextLength();
    }

    /** Returns the full budget of {@code limits}. */
    public static JsonBudget of(JsonLimits limits) {
        return new JsonBudget(limits);
    }

    /** Returns the limits this budget was made from. */
    public JsonLimits limits() {
        return limits;
    }

    /** Takes one value; returns {@code false} when the budget of values is spent. */
    boolean takeValue() {
        return --values >= 0;
    }

    /** Takes {@code chars} chars of text; returns {@code false} when the budget of text is spent. */
    boolean takeText(long chars) {
        if (chars > text) {
            text = -1;
            return false;
        }
        text -= (int) chars;
        return true;
    }
}
