package io.onex.host.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON values from a parser into the Java values {@link Json} describes, checking every
 * limit on the way: duplicate keys, nesting depth, numbers beyond
 * {@value JsonLimits#MAX_NUMBER_DIGITS} digits, the values and text a {@link JsonBudget}
 * allows, and text whose escapes decode to an unpaired surrogate. Its errors name where, as a
 * JSON pointer.
 *
 * <p>The input is well-formed UTF-8 (the callers check that first), so the only way a string or a
 * key can hold a surrogate that is not half of a pair is a <code>&#92;u</code> escape:
 * <code>"&#92;ud800"</code> alone, or followed by anything but a low surrogate. Such text has no UTF-8 form (an encoder
 * writes {@code ?} in its place, so an SQL parameter or an HTTP body would change without a word);
 * it is refused here, where every envelope's payload, metadata and error are decoded, so no
 * handler ever sees it from the wire (I-JSON, RFC 7493, section 2.1).
 */
final class JsonValueReader {

    private JsonValueReader() {
    }

    /**
     * Returns the value that starts at the parser's current token and leaves the parser on that
     * value's last token. Nesting is counted from the parser's current depth, so a value read
     * inside an enclosing object counts that object too; what the value holds is taken from
     * {@code budget}, which the caller may share between several values of one document.
     *
     * @throws JsonSyntaxException if the value is malformed, breaks the limits or overspends
     *                             {@code budget}; the message names where, as a JSON pointer
     * @throws IOException         if the parser reports malformed input; {@link Json#syntaxError}
     *                             turns that into a {@code JsonSyntaxException}
     */
    static Object readValue(JsonParser parser, JsonBudget budget) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw syntaxError("expected a JSON value but found the end of the input", parser);
        }
        if (!budget.takeValue()) {
            throw overBudget("more than " + budget.limits().maxValues() + " JSON values", parser);
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, budget);
            case START_ARRAY -> readArray(parser, budget);
            case VALUE_STRING -> {
                takeText(parser.getTextLength(), budget, parser);
                yield unicode(parser.getText(), parser, false);
            }
            case VALUE_NUMBER_INT -> {
                takeText(parser.getTextLength(), budget, parser);
                yield switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal number = decimal(parser);
                takeText(Json.plainLength(number), budget, parser);
                yield number;
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw syntaxError("expected a JSON value but found " + token, parser);
        };
    }

    static Object readDocument(JsonParser parser, JsonBudget budget) {
        try {
            if (parser.nextToken() == null) {
                throw new JsonSyntaxException("the input is empty", 1, 1);
            }
            Object value = readValue(parser, budget);
            if (parser.nextToken() != null) {
                throw syntaxError("unexpected content after the JSON value", parser);
            }
            return value;
        } catch (IOException e) {
            throw Json.syntaxError(e, parser);
        }
    }

    private static BigDecimal decimal(JsonParser parser) throws IOException {
        BigDecimal number;
        try {
            number = parser.getDecimalValue();
        } catch (NumberFormatException e) {
            // An exponent beyond BigDecimal's int scale, e.g. 1e9999999999.
            throw syntaxError("the number " + Excerpt.of(parser.getText(), 32) + " is out of range" + at(parser),
                    parser);
        }
        if (!Json.isBounded(number)) {
            // 1e999999999 is small as a BigDecimal but a billion chars as plain text.
            throw syntaxError("the number " + Excerpt.of(parser.getText(), 32) + at(parser) + " is out of range: "
                    + "it has more than " + JsonLimits.MAX_NUMBER_DIGITS
                    + " digits before or after the decimal point", parser);
        }
        return number;
    }

    private static Map<String, Object> readObject(JsonParser parser, JsonBudget budget) throws IOException {
        checkDepth(parser, budget.limits());
        Map<String, Object> map = new LinkedHashMap<>();
        String key;
        while ((key = parser.nextFieldName()) != null) {
            if (map.containsKey(key)) {
                throw syntaxError("duplicate key \"" + Excerpt.of(key, 40) + "\"", parser);
            }
            if (!budget.takeValue()) {
                throw overBudget("more than " + budget.limits().maxValues() + " JSON values", parser);
            }
            takeText(key.length(), budget, parser);
            unicode(key, parser, true);
            parser.nextToken();
            map.put(key, readValue(parser, budget));
        }
        return map;
    }

    private static List<Object> readArray(JsonParser parser, JsonBudget budget) throws IOException {
        checkDepth(parser, budget.limits());
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(parser, budget));
        }
        return list;
    }

    private static void checkDepth(JsonParser parser, JsonLimits limits) {
        if (parser.getParsingContext().getNestingDepth() > limits.maxDepth()) {
            throw syntaxError("nesting is deeper than the limit of " + limits.maxDepth() + " levels", parser);
        }
    }

    private static void takeText(long chars, JsonBudget budget, JsonParser parser) {
        if (!budget.takeText(chars)) {
            throw overBudget("more than " + budget.limits().maxTextLength()
                    + " chars of text in its strings, keys and numbers", parser);
        }
    }

    /**
     * Returns {@code text}, a string or key the parser decoded, or refuses it when it holds an
     * unpaired surrogate, naming the JSON pointer of the value (of the object, for a key) and the
     * escape. The message never quotes the text itself: it could not be written back as UTF-8.
     */
    private static String unicode(String text, JsonParser parser, boolean key) {
        String problem = Utf8.unpairedEscapeProblem(text);
        if (problem == null) {
            return text;
        }
        String where = key ? "a key in the object" + parentAt(parser) : "the string" + at(parser);
        throw syntaxError(where + " " + problem, parser);
    }

    /** Returns " at /json/pointer" naming the object whose key the parser is on, or "" at the top. */
    private static String parentAt(JsonParser parser) {
        String pointer = parser.getParsingContext().getParent().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : " at " + Excerpt.of(pointer, 80);
    }

    private static JsonSyntaxException overBudget(String what, JsonParser parser) {
        String at = at(parser);
        return syntaxError("the input holds " + what + " (the limit)" + (at.isEmpty() ? "" : "; refused" + at), parser);
    }

    /** Returns " at /json/pointer" naming where the parser is, or "" at the top. */
    private static String at(JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : " at " + Excerpt.of(pointer, 80);
    }

    private static JsonSyntaxException syntaxError(String reason, JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new JsonSyntaxException(reason, location.getLineNr(), location.getColumnNr());
    }
}
