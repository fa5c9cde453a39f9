package io.onex.handler.db;

import io.onex.host.api.HandlerExecutionException;
import java.util.Collection;
import java.util.Map;

/**
 * Counts what one {@code db.query} has read so far against the binding's {@code max_rows} and
 * {@code max_result_bytes}, so that a result too large for the heap is refused while it is being
 * read, after at most one row past the limit, rather than after it has all arrived.
 *
 * <p>Sizes are estimates of the JSON the rows become (two bytes per character of text, eight per
 * number), good enough to bound memory, not exact. Not thread-safe: one per call.
 */
final class ResultBudget {

    private static final int OVERHEAD = 16;
    private static final int SCALAR = 8;

    private final String binding;
    private final int maxRows;
    private final long maxBytes;
    private long rows;
    private long bytes;

    ResultBudget(DbSettings config) {
        this.binding = config.binding();
        this.maxRows = config.maxRows();
        this.maxBytes = config.maxResultBytes();
    }

    /**
     * Counts one more row.
     *
     * @throws HandlerExecutionException (not retryable, detail {@code limit}) once the result holds
     *                                   more rows than {@code max_rows} or more bytes than
     *                                   {@code max_result_bytes}
     */
    void add(Map<String, Object> row) {
        rows++;
        if (rows > maxRows) {
            throw tooLarge("more than max_rows (" + maxRows + ") rows", "max_rows");
        }
        bytes += sizeOf(row);
        if (bytes > maxBytes) {
            throw tooLarge("more than max_result_bytes (" + maxBytes + ") bytes", "max_result_bytes");
        }
    }

    private HandlerExecutionException tooLarge(String what, String limit) {
        HandlerExecutionException error = new HandlerExecutionException("db binding '" + binding
                + "': db.query: the result holds " + what + "; the rest was not read. Select fewer rows or"
                + " columns (LIMIT, paging with WHERE id > $1) or raise the binding's " + limit);
        error.withDetail("limit", limit);
        return error;
    }

    /** Returns an estimate of the memory {@code value} (a JSON-shaped result value) takes. */
    static long sizeOf(Object value) {
        return switch (value) {
            case null -> SCALAR;
            case CharSequence text -> OVERHEAD + 2L * text.length();
            case java.math.BigDecimal number -> OVERHEAD + number.precision();
            case Map<?, ?> map -> {
                long size = OVERHEAD;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    size += sizeOf(entry.getKey()) + sizeOf(entry.getValue());
                }
                yield size;
            }
            case Collection<?> items -> {
                long size = OVERHEAD;
                for (Object item : items) {
                    size += sizeOf(item);
                }
                yield size;
            }
            default -> OVERHEAD + SCALAR;
        };
    }
}
