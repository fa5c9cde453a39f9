package io.onex.host.core.json;

/**
 * Thrown when text is not valid JSON or breaks a {@link JsonLimits limit}. The message names
 * the line and column and quotes at most a short, truncated excerpt of the input, so it is safe
 * to return to whoever sent the input.
 */
public final class JsonSyntaxException extends RuntimeException {

    private static final int MAX_REASON_LENGTH = 200;

    private final String reason;
    private final int line;
    private final int column;

    /**
     * Creates an exception for {@code reason} at the given place.
     *
     * @param reason what is wrong; truncated to a few hundred characters
     * @param line   the 1-based line, or a value below 1 when unknown
     * @param column the 1-based column, or a value below 1 when unknown
     */
    public JsonSyntaxException(String reason, int line, int column) {
        // Bad input can arrive at line rate; a stack trace would describe only this parser.
        super(null, null, false, false);
        this.reason = Excerpt.of(reason, MAX_REASON_LENGTH);
        this.line = line;
        this.column = column;
    }

    /** Returns what is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** Returns the 1-based line of the problem, or a value below 1 when unknown. */
    public int line() {
        return line;
    }

    /** Returns the 1-based column of the problem, or a value below 1 when unknown. */
    public int column() {
        return column;
    }

    @Override
    public String getMessage() {
        return line < 1 ? reason : reason + " at line " + line + ", column " + column;
    }
}
