package io.onex.handler.db;

import io.onex.host.api.EnvelopeValidationException;
import java.util.BitSet;

/**
 * Checks the SQL of one request before it goes anywhere near the database: it must be one
 * statement, and its placeholders must be {@code $1} to {@code $n} with none missing.
 */
final class SqlText {

    private SqlText() {
    }

    /**
     * Returns how many parameters {@code sql} takes: its highest placeholder.
     *
     * @param label names the SQL in messages, e.g. {@code "db.query: payload.sql"}
     * @throws EnvelopeValidationException when the SQL is empty, holds more than one statement,
     *                                     skips a placeholder, or leaves a quote or comment open
     */
    static int parameterCount(String sql, String label) {
        SqlScanner scanner = new SqlScanner(sql, label);
        BitSet seen = null;
        int highest = 0;
        boolean ended = false;
        boolean empty = true;
        for (SqlScanner.Token token = scanner.next(); token != SqlScanner.Token.END; token = scanner.next()) {
            if (scanner.isSymbol(';')) {
                ended = !empty;
                continue;
            }
            if (ended) {
                throw new EnvelopeValidationException(label + ": holds more than one statement; send one"
                        + " statement per request (db.transaction runs several atomically)");
            }
            empty = false;
            if (token == SqlScanner.Token.PLACEHOLDER) {
                if (seen == null) {
                    seen = new BitSet();
                }
                seen.set(scanner.placeholder());
                highest = Math.max(highest, scanner.placeholder());
            }
        }
        if (empty) {
            throw new EnvelopeValidationException(label + ": holds no SQL statement");
        }
        if (seen != null && seen.cardinality() != highest) {
            int missing = seen.nextClearBit(1);
            throw new EnvelopeValidationException(label + ": placeholders must be numbered $1 to $" + highest
                    + " with none missing, but $" + missing + " is not used");
        }
        return highest;
    }
}
