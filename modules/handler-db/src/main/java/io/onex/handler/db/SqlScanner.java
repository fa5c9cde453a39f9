package io.onex.handler.db;

import io.onex.host.api.EnvelopeValidationException;

/**
 * Splits SQL text into tokens the way PostgreSQL's lexer does, as far as the handler's checks
 * need: it skips whitespace, line comments and (nested) block comments, and it reads
 * {@code '...'} strings (with {@code ''} escapes, and backslash escapes after {@code E}),
 * {@code "..."} identifiers and {@code $tag$...$tag$} dollar-quoted strings whole, so that a
 * {@code $1} or a {@code ;} inside any of them is not mistaken for a placeholder or a statement
 * end.
 *
 * <p>A cursor, not a list: {@link #next()} moves to the next token and the accessors describe it,
 * so scanning allocates nothing. Not thread-safe; one per scan.
 */
final class SqlScanner {

    /** The kinds of token. */
    enum Token {
        /** An unquoted identifier or keyword; {@link #word()} is it in lowercase. */
        WORD,
        /** A {@code "quoted"} identifier; {@link #word()} is its name, case kept. */
        QUOTED_IDENTIFIER,
        /** A {@code $n} placeholder; {@link #placeholder()} is {@code n}. */
        PLACEHOLDER,
        /** A string constant of any kind. */
        STRING,
        /** A numeric constant. */
        NUMBER,
        /** Any other single character: {@code ( ) , ; . =} and the like; see {@link #symbol()}. */
        SYMBOL,
        /** The end of the text. */
        END
    }

    /** The highest placeholder number PostgreSQL accepts. */
    static final int MAX_PLACEHOLDER = 65_535;

    private final String sql;
    private final String label;
    private final int length;
    private int position;
    private int start;
    private int end;
    private Token token;
    private int placeholder;

    /**
     * Starts a scan of {@code sql}; {@code label} names it in error messages, e.g.
     * {@code "db.query: payload.sql"}.
     */
    SqlScanner(String sql, String label) {
        this.sql = sql;
        this.label = label;
        this.length = sql.length();
    }

    /**
     * Moves to the next token and returns its kind.
     *
     * @throws EnvelopeValidationException on a string, identifier or comment left open
     */
    Token next() {
        skipSpaceAndComments();
        start = position;
        if (position >= length) {
            end = position;
            return token = Token.END;
        }
        char c = sql.charAt(position);
        if (c == '\'') {
            position = endOfString(position + 1, false);
            token = Token.STRING;
        } else if (c == '"') {
            position = endOfQuoted(position + 1, '"', "a quoted identifier");
            token = Token.QUOTED_IDENTIFIER;
        } else if (c == '$' && position + 1 < length && isDigit(sql.charAt(position + 1))) {
            readPlaceholder();
        } else if (c == '$' && isDollarQuoteStart(position)) {
            readDollarQuoted();
            token = Token.STRING;
        } else if (isIdentifierStart(c)) {
            readWord();
        } else if (isDigit(c) || c == '.' && position + 1 < length && isDigit(sql.charAt(position + 1))) {
            readNumber();
        } else {
            position++;
            token = Token.SYMBOL;
        }
        end = position;
        return token;
    }

    /** Returns the current token's kind. */
    Token token() {
        return token;
    }

    /** Returns the current identifier: lowercase when unquoted, as written (quotes undone) when quoted. */
    String word() {
        if (token == Token.QUOTED_IDENTIFIER) {
            return sql.substring(start + 1, end - 1).replace("\"\"", "\"");
        }
        return sql.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns whether the current token is the unquoted word {@code keyword} (given in lowercase). */
    boolean isWord(String keyword) {
        return token == Token.WORD && end - start == keyword.length()
                && sql.regionMatches(true, start, keyword, 0, keyword.length());
    }

    /** Returns the current symbol character; meaningful for {@link Token#SYMBOL} only. */
    char symbol() {
        return sql.charAt(start);
    }

    /** Returns whether the current token is the symbol {@code c}. */
    boolean isSymbol(char c) {
        return token == Token.SYMBOL && sql.charAt(start) == c;
    }

    /** Returns the number of the current placeholder; meaningful for {@link Token#PLACEHOLDER} only. */
    int placeholder() {
        return placeholder;
    }

    private void skipSpaceAndComments() {
        while (position < length) {
            char c = sql.charAt(position);
            if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '-' && position + 1 < length && sql.charAt(position + 1) == '-') {
                int newline = sql.indexOf('\n', position);
                position = newline < 0 ? length : newline + 1;
            } else if (c == '/' && position + 1 < length && sql.charAt(position + 1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipBlockComment() {
        // PostgreSQL's block comments nest.
        int depth = 0;
        int at = position;
        while (at < length) {
            if (sql.startsWith("/*", at)) {
                depth++;
                at += 2;
            } else if (sql.startsWith("*/", at)) {
                depth--;
                at += 2;
                if (depth == 0) {
                    position = at;
                    return;
                }
            } else {
                at++;
            }
        }
        throw invalid("a /* comment is never closed");
    }

    private int endOfString(int from, boolean backslashEscapes) {
        int at = from;
        while (at < length) {
            char c = sql.charAt(at);
            if (backslashEscapes && c == '\\') {
                at += 2;
            } else if (c == '\'') {
                if (at + 1 < length && sql.charAt(at + 1) == '\'') {
                    at += 2;
                } else {
                    return at + 1;
                }
            } else {
                at++;
            }
        }
        throw invalid("a quoted string is never closed");
    }

    private int endOfQuoted(int from, char quote, String what) {
        int at = from;
        while (at < length) {
            if (sql.charAt(at) == quote) {
                if (at + 1 < length && sql.charAt(at + 1) == quote) {
                    at += 2;
                } else {
                    return at + 1;
                }
            } else {
                at++;
            }
        }
        throw invalid(what + " is never closed");
    }

    private void readPlaceholder() {
        int at = position + 1;
        long number = 0;
        while (at < length && isDigit(sql.charAt(at))) {
            number = Math.min(number * 10 + (sql.charAt(at) - '0'), Integer.MAX_VALUE);
            at++;
        }
        if (number < 1 || number > MAX_PLACEHOLDER) {
            throw invalid("placeholder $" + sql.substring(position + 1, at) + " is out of range: placeholders are $1 to $"
                    + MAX_PLACEHOLDER);
        }
        placeholder = (int) number;
        position = at;
        token = Token.PLACEHOLDER;
    }

    private boolean isDollarQuoteStart(int at) {
        int tagEnd = at + 1;
        if (tagEnd < length && sql.charAt(tagEnd) == '$') {
            return true;
        }
        if (tagEnd >= length || !isIdentifierStart(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '$') {
            return false;
        }
        while (tagEnd < length && isTagPart(sql.charAt(tagEnd))) {
            tagEnd++;
        }
        return tagEnd < length && sql.charAt(tagEnd) == '$';
    }

    private void readDollarQuoted() {
        int tagEnd = sql.indexOf('$', position + 1);
        String tag = sql.substring(position, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        if (close < 0) {
            throw invalid("a dollar-quoted string (" + tag + ") is never closed");
        }
        position = close + tag.length();
    }

    private void readWord() {
        int at = position + 1;
        while (at < length && isIdentifierPart(sql.charAt(at))) {
            at++;
        }
        // E'...' is a string with backslash escapes: its quote cannot be found the plain way.
        if (at == position + 1 && (sql.charAt(position) == 'e' || sql.charAt(position) == 'E')
                && at < length && sql.charAt(at) == '\'') {
            position = endOfString(at + 1, true);
            token = Token.STRING;
            return;
        }
        position = at;
        token = Token.WORD;
    }

    private void readNumber() {
        // Letters end a number (PostgreSQL 15 reads "1from" as 1 then FROM), except an exponent.
        int at = position;
        while (at < length) {
            char c = sql.charAt(at);
            if (isDigit(c) || c == '.' || c == '_') {
                at++;
            } else if ((c == 'e' || c == 'E') && exponentFollows(at + 1)) {
                at += sql.charAt(at + 1) == '+' || sql.charAt(at + 1) == '-' ? 2 : 1;
            } else {
                break;
            }
        }
        position = at;
        token = Token.NUMBER;
    }

    private boolean exponentFollows(int at) {
        if (at < length && (sql.charAt(at) == '+' || sql.charAt(at) == '-')) {
            at++;
        }
        return at < length && isDigit(sql.charAt(at));
    }

    private EnvelopeValidationException invalid(String problem) {
        return new EnvelopeValidationException(label + ": " + problem);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isTagPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
