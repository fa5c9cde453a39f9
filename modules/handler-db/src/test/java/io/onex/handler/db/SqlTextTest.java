package io.onex.handler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.EnvelopeValidationException;
import org.junit.jupiter.api.Test;

class SqlTextTest {

    private static int count(String sql) {
        return SqlText.parameterCount(sql, "test.sql");
    }

    private static void rejects(String sql, String reason) {
        assertThatThrownBy(() -> count(sql)).isInstanceOf(EnvelopeValidationException.class)
                .hasMessageStartingWith("test.sql: ").hasMessageContaining(reason);
    }

    @Test
    void theCountIsTheHighestPlaceholder() {
        assertThat(count("SELECT * FROM t WHERE a = $1 AND b = $2 OR c = $1")).isEqualTo(2);
        assertThat(count("SELECT 1")).isZero();
        assertThat(count("INSERT INTO t VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)")).isEqualTo(10);
    }

    @Test
    void placeholdersInStringsIdentifiersAndCommentsDoNotCount() {
        assertThat(count("SELECT '$1', 'it''s $2' FROM t WHERE a = $1")).isEqualTo(1);
        assertThat(count("SELECT \"$2\", \"a\"\"$3\" FROM t")).isZero();
        assertThat(count("SELECT 1 -- $1 in a comment\n, $1")).isEqualTo(1);
        assertThat(count("SELECT /* $2 /* nested $3 */ still $4 */ $1")).isEqualTo(1);
    }

    @Test
    void dollarQuotedStringsAreSkippedWhole() {
        assertThat(count("SELECT $$ $1 ; $2 $$, $1")).isEqualTo(1);
        assertThat(count("SELECT $fn$ it's $1 $$ not the end $fn$ || $1")).isEqualTo(1);
    }

    @Test
    void escapeStringsMayHideAQuoteBehindABackslash() {
        assertThat(count("SELECT E'it\\'s $2', $1")).isEqualTo(1);
        assertThat(count("SELECT e'\\\\', $1")).isEqualTo(1);
    }

    @Test
    void aDollarInsideAnIdentifierIsNotAPlaceholder() {
        assertThat(count("SELECT a$1 FROM t")).isZero();
    }

    @Test
    void aSkippedPlaceholderIsRefused() {
        rejects("SELECT $1, $3", "$2 is not used");
    }

    @Test
    void placeholdersOutOfRangeAreRefused() {
        rejects("SELECT $0", "out of range");
        rejects("SELECT $99999", "out of range");
    }

    @Test
    void moreThanOneStatementIsRefused() {
        rejects("SELECT 1; SELECT 2", "more than one statement");
        rejects("SELECT 1; DROP TABLE t --", "more than one statement");
    }

    @Test
    void trailingSemicolonsAndCommentsAreOneStatement() {
        assertThat(count("SELECT $1; ; -- done")).isEqualTo(1);
        assertThat(count("SELECT ';' || $1")).isEqualTo(1);
    }

    @Test
    void emptySqlIsRefused() {
        rejects("  -- nothing\n /* at all */ ;", "no SQL statement");
    }

    @Test
    void unclosedQuotesAndCommentsAreRefused() {
        rejects("SELECT 'open", "quoted string is never closed");
        rejects("SELECT \"open", "quoted identifier is never closed");
        rejects("SELECT /* open", "comment is never closed");
        rejects("SELECT $x$ open", "dollar-quoted string ($x$) is never closed");
        rejects("SELECT E'\\'", "quoted string is never closed");
    }
}
