package io.onex.host.core.json;

/**
 * Bounds on the JSON documents a reader accepts, so that hostile or broken input cannot
 * exhaust the stack or the heap: not only the document's length but also what it may become
 * in memory once read.
 *
 * @param maxDepth          the deepest nesting of objects and arrays accepted; the outermost
 *                          object or array is at depth 1. At most {@value #DEPTH_CEILING}.
 * @param maxDocumentLength the largest document accepted, in bytes for byte input and in
 *                          chars for string input
 * @param maxValues         the most JSON values one document may hold: every object, array,
 *                          string, number, boolean and null counts one, and so does every object
 *                          member. This is what bounds input such as {@code [{},{},...]}, whose
 *                          few bytes per value become many bytes of heap each.
 * @param maxTextLength     the most chars the document's strings, keys and numbers may hold
 *                          together, numbers counted in their plain form without exponent
 *                          ({@code 1e6} counts 7): the bound on any text made from what was read
 */
public record JsonLimits(int maxDepth, int maxDocumentLength, int maxValues, int maxTextLength) {

    /** The highest {@link #maxDepth} allowed: readers recurse once per level. */
    public static final int DEPTH_CEILING = 1000;

    /**
     * The most digits a number read may have before, and after, its decimal point, whatever
     * the limits: {@code 1e999999999} would otherwise become a billion chars as plain text.
     */
    public static final int MAX_NUMBER_DIGITS = 1000;

    /**
     * The largest envelope the host reads from any intake (standard input, the HTTP ingress,
     * Kafka records): 4 MiB.
     */
    public static final int MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;

    /** The most JSON values one envelope may hold; see {@link #maxValues}. */
    public static final int MAX_ENVELOPE_VALUES = 100_000;

    private static final JsonLimits DEFAULTS = new JsonLimits(200, 16 * 1024 * 1024, Integer.MAX_VALUE,
            Integer.MAX_VALUE);

    private static final JsonLimits ENVELOPE = new JsonLimits(200, MAX_ENVELOPE_BYTES, MAX_ENVELOPE_VALUES,
            MAX_ENVELOPE_BYTES);

    public JsonLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException(
                    "maxDepth must be between 1 and " + DEPTH_CEILING + ": " + maxDepth);
        }
        if (maxDocumentLength < 1) {
            throw new IllegalArgumentException("maxDocumentLength must be positive: " + maxDocumentLength);
        }
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues must be positive: " + maxValues);
        }
        if (maxTextLength < 0) {
            throw new IllegalArgumentException("maxTextLength must not be negative: " + maxTextLength);
        }
    }

    /**
     * Returns the default limits: depth 200 and 16 MiB, well above any sane document, with no
     * bound on the count of values or on the text beyond what the length implies (numbers are
     * still held to {@value #MAX_NUMBER_DIGITS} digits either side of the point).
     */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the limits of one envelope on every intake: depth 200,
     * {@value #MAX_ENVELOPE_BYTES} bytes, {@value #MAX_ENVELOPE_VALUES} values and as many
     * chars of text as bytes.
     */
    public static JsonLimits envelope() {
        return ENVELOPE;
    }

    /** Returns limits with the given depth and document length, and no other bound. */
    public static JsonLimits of(int maxDepth, int maxDocumentLength) {
        return new JsonLimits(maxDepth, maxDocumentLength, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
