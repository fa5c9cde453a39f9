package io.onex.host.core.json;

/**
 * Bounds on the JSON documents a reader accepts, so that hostile or broken input cannot
 * exhaust the stack or the heap.
 *
 * @param maxDepth          the deepest nesting of objects and arrays accepted; the outermost
 *                          object or array is at depth 1. At most {@value #DEPTH_CEILING}.
 * @param maxDocumentLength the largest document accepted, in bytes for byte input and in
 *                          chars for string input
 */
public record JsonLimits(int maxDepth, int maxDocumentLength) {

    /** The highest {@link #maxDepth} allowed: readers recurse once per level. */
    public static final int DEPTH_CEILING = 1000;

    private static final JsonLimits DEFAULTS = new JsonLimits(200, 16 * 1024 * 1024);

    public JsonLimits {
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException(
                    "maxDepth must be between 1 and " + DEPTH_CEILING + ": " + maxDepth);
        }
        if (maxDocumentLength < 1) {
            throw new IllegalArgumentException("maxDocumentLength must be positive: " + maxDocumentLength);
        }
    }

    /** Returns the default limits: depth 200 and 16 MiB, well above any sane envelope. */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }

    /** Returns limits with the given depth and document length. */
    public static JsonLimits of(int maxDepth, int maxDocumentLength) {
        return new JsonLimits(maxDepth, maxDocumentLength);
    }
}
