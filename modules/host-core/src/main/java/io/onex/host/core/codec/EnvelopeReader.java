package io.onex.host.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.json.Excerpt;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonBudget;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import io.onex.host.core.json.Utf8;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads one envelope: streams the top-level fields, checks each, and applies the defaults. Keeps
 * what it could read of the input even when the input is rejected, for the error answer.
 *
 * <p>One instance per decode; not thread-safe.
 */
final class EnvelopeReader {

    private static final int MAX_QUOTE = 32;
    private static final int MAX_REPORTED_PROBLEMS = 5;
    private static final int MAX_SHOWN_UNKNOWN = 3;
    private static final String UUID_EXAMPLE = "\"0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d\"";
    private static final String TIMESTAMP_EXAMPLE = "\"2026-11-27T03:18:21.123Z\"";

    private final Clock clock;
    private final Supplier<UUID> ids;
    private final JsonLimits limits;
    private final JsonBudget budget;

    private UUID envelopeId;
    private String envelopeVersion;
    private UUID correlationId;
    private UUID causationId;
    private String sourceNode;
    private String targetNode;
    private HandlerType handlerType;
    private String operation;
    private Map<String, Object> payload;
    private Map<String, Object> metadata;
    private Instant timestamp;
    private Integer ttlSeconds;
    private Boolean isResponse;
    private Boolean success;
    private EnvelopeError error;

    private int seen;
    private int invalid;
    private List<String> problems;
    private int problemCount;
    private boolean onlyOperationProblems = true;
    private List<String> unknownFields;
    private int unknownCount;

    EnvelopeReader(Clock clock, Supplier<UUID> ids, JsonLimits limits) {
        this.clock = clock;
        this.ids = ids;
        this.limits = limits;
        this.budget = JsonBudget.of(limits);
    }

    DecodeResult read(byte[] json) {
        if (json.length > limits.maxDocumentLength()) {
            return rejected("the envelope has " + json.length + " bytes, more than the limit of "
                    + limits.maxDocumentLength());
        }
        String notUtf8 = Utf8.problem(json);
        if (notUtf8 != null) {
            return rejected("input is not valid UTF-8: " + notUtf8);
        }
        try (JsonParser parser = Json.createParser(json)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return rejected("input is not valid JSON: the input is empty");
                }
                if (first != JsonToken.START_OBJECT) {
                    return rejected("an envelope must be a JSON object, not " + describe(first));
                }
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    parser.nextToken();
                    field(parser, name);
                }
                if (parser.nextToken() != null) {
                    throw new JsonSyntaxException("unexpected content after the envelope",
                            parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr());
                }
            } catch (IOException e) {
                throw Json.syntaxError(e, parser);
            }
        } catch (JsonSyntaxException e) {
            return rejected("input is not valid JSON: " + e.getMessage());
        } catch (IOException e) {
            return rejected("input is not valid JSON: " + Json.syntaxError(e, null).getMessage());
        } catch (RuntimeException e) {
            // Bad input must never stop the host; the exception's message could quote the input.
            return rejected("input could not be read as an envelope (" + e.getClass().getSimpleName() + ")");
        }
        return finish();
    }

    private void field(JsonParser parser, String name) throws IOException {
        Field field = Field.byWireName(name);
        if (field == null) {
            unknown(name);
            parser.skipChildren();
            return;
        }
        if ((seen & field.bit()) != 0) {
            invalid(field, name + " appears more than once");
            parser.skipChildren();
            return;
        }
        seen |= field.bit();
        switch (field) {
            case ENVELOPE_ID -> envelopeId = uuid(parser, field);
            case ENVELOPE_VERSION -> envelopeVersion = version(parser);
            case CORRELATION_ID -> correlationId = uuid(parser, field);
            case CAUSATION_ID -> causationId = uuid(parser, field);
            case SOURCE_NODE -> sourceNode = text(parser, field);
            case TARGET_NODE -> targetNode = text(parser, field);
            case HANDLER_TYPE -> handlerType = handlerType(parser);
            case OPERATION -> operation = operation(parser);
            case PAYLOAD -> payload = object(parser, field);
            case METADATA -> metadata = object(parser, field);
            case TIMESTAMP -> timestamp = timestamp(parser);
            case TTL_SECONDS -> ttlSeconds = ttlSeconds(parser);
            case IS_RESPONSE -> isResponse = bool(parser, field);
            case SUCCESS -> success = bool(parser, field);
            case ERROR -> error = error(parser);
        }
    }

    private DecodeResult finish() {
        boolean response = isResponse != null && isResponse;
        if (!response) {
            requireForRequest();
        }
        if (error != null && success != null && success) {
            problem("success is true but error is set; an envelope with an error has success false");
        } else if (error == null && success != null && !success && !isInvalid(Field.ERROR)) {
            problem("success is false but there is no error; an envelope with success false needs an error");
        }
        if (error != null && payload != null) {
            problem("payload must be null on an envelope with an error");
        }
        if (unknownFields != null) {
            problem(unknownFieldsProblem());
        }
        if (problems != null) {
            return rejected();
        }
        try {
            return new DecodeResult.Decoded(new Envelope(
                    envelopeId != null ? envelopeId : ids.get(),
                    envelopeVersion != null ? envelopeVersion : Envelope.VERSION,
                    correlationId, causationId, sourceNode, targetNode, handlerType, operation, payload,
                    metadata, timestamp != null ? timestamp : clock.instant(), ttlSeconds, response,
                    error == null, error));
        } catch (RuntimeException e) {
            // The checks above mirror the record's; this only guards against them drifting apart.
            return rejected("not a valid envelope: " + e.getMessage());
        }
    }

    private void requireForRequest() {
        if (targetNode != null && targetNode.isEmpty()) {
            invalid(Field.TARGET_NODE, "target_node must not be empty");
        }
        boolean noTarget = targetNode == null && !isInvalid(Field.TARGET_NODE);
        boolean noHandlerType = handlerType == null && !isInvalid(Field.HANDLER_TYPE);
        boolean noOperation = operation == null && !isInvalid(Field.OPERATION);
        if (noTarget || noHandlerType || noOperation) {
            StringJoiner missing = new StringJoiner(", ", "missing required field(s) ",
                    "; a request needs target_node, handler_type and operation");
            if (noTarget) {
                missing.add(Field.TARGET_NODE.wireName());
            }
            if (noHandlerType) {
                missing.add(Field.HANDLER_TYPE.wireName());
            }
            if (noOperation) {
                missing.add(Field.OPERATION.wireName());
            }
            problem(missing.toString());
        }
    }

    private UUID uuid(JsonParser parser, Field field) throws IOException {
        String text = text(parser, field);
        if (text == null) {
            return null;
        }
        UUID uuid = parseUuid(text);
        if (uuid == null) {
            invalid(field, field.wireName() + " must be a UUID such as " + UUID_EXAMPLE + ", not " + quote(text));
        }
        return uuid;
    }

    private String version(JsonParser parser) throws IOException {
        String text = text(parser, Field.ENVELOPE_VERSION);
        if (text != null && !isSupportedVersion(text)) {
            invalid(Field.ENVELOPE_VERSION, "envelope_version " + quote(text)
                    + " is not supported; supported versions are 1.x, such as \"" + Envelope.VERSION + "\"");
            return null;
        }
        return text;
    }

    private HandlerType handlerType(JsonParser parser) throws IOException {
        String text = text(parser, Field.HANDLER_TYPE);
        if (text == null) {
            return null;
        }
        // Only the form is checked here; the host checks that the type is registered with it.
        HandlerType type = HandlerType.parse(text).orElse(null);
        if (type == null) {
            invalid(Field.HANDLER_TYPE, "handler_type " + quote(text) + " is not a handler type name: lowercase"
                    + " letters, digits and _, starting with a letter, such as \"http\"");
        }
        return type;
    }

    private String operation(JsonParser parser) throws IOException {
        String text = text(parser, Field.OPERATION);
        if (text == null || HandlerRegistry.isWellFormedOperation(text)) {
            return text;
        }
        invalid |= Field.OPERATION.bit();
        addProblem("operation " + quote(text)
                + " is not a dotted lowercase {domain}.{action} name such as \"http.get\"");
        return null;
    }

    @SuppressWarnings("unchecked") // Json reads objects as String-keyed maps
    private Map<String, Object> object(JsonParser parser, Field field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            return (Map<String, Object>) Json.readValue(parser, budget);
        }
        if (token != JsonToken.VALUE_NULL) {
            invalid(field, field.wireName() + " must be a JSON object or null, not " + describe(token));
            parser.skipChildren();
        }
        return null;
    }

    private Instant timestamp(JsonParser parser) throws IOException {
        String text = text(parser, Field.TIMESTAMP);
        if (text == null) {
            return null;
        }
        Instant instant = Rfc3339.parse(text);
        if (instant == null) {
            invalid(Field.TIMESTAMP, "timestamp must be an RFC 3339 date-time such as " + TIMESTAMP_EXAMPLE
                    + ", not " + quote(text));
        }
        return instant;
    }

    private Integer ttlSeconds(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                && parser.getIntValue() >= 0) {
            return parser.getIntValue();
        }
        String found = token.isNumeric() ? Excerpt.of(parser.getText(), MAX_QUOTE) : describe(token);
        invalid(Field.TTL_SECONDS, "ttl_seconds must be a whole number of seconds from 0 to "
                + Integer.MAX_VALUE + ", or null; not " + found);
        parser.skipChildren();
        return null;
    }

    private Boolean bool(JsonParser parser, Field field) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> {
                invalid(field, field.wireName() + " must be true or false, not " + describe(token));
                parser.skipChildren();
                yield null;
            }
        };
    }

    private EnvelopeError error(JsonParser parser) throws IOException {
        Map<String, Object> object = object(parser, Field.ERROR);
        if (object == null) {
            return null;
        }
        ErrorReader reader = new ErrorReader(object);
        EnvelopeError read = reader.read();
        for (String problem : reader.problems()) {
            invalid(Field.ERROR, problem);
        }
        return read;
    }

    private String text(JsonParser parser, Field field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            invalid(field, field.wireName() + " must be a string, not " + describe(token));
            parser.skipChildren();
        }
        return null;
    }

    private void unknown(String name) {
        if (unknownFields == null) {
            unknownFields = new ArrayList<>(2);
        }
        // Only the names shown are kept: a flood of unknown fields must not fill the heap.
        if (unknownFields.size() < MAX_SHOWN_UNKNOWN) {
            unknownFields.add(name);
        }
        unknownCount++;
    }

    private String unknownFieldsProblem() {
        StringBuilder text = new StringBuilder(unknownCount == 1 ? "unknown field " : "unknown fields ");
        int shown = unknownFields.size();
        for (int i = 0; i < shown; i++) {
            String name = unknownFields.get(i);
            text.append(i == 0 ? "" : ", ").append(quote(name));
            Field meant = Field.byWireName(snakeCase(name));
            if (meant != null) {
                text.append(" (did you mean \"").append(meant.wireName()).append("\"?)");
            }
        }
        if (unknownCount > shown) {
            text.append(" and ").append(unknownCount - shown).append(" more");
        }
        return text.append("; the fields of an envelope are ").append(Field.ALL).toString();
    }

    private boolean isInvalid(Field field) {
        return (invalid & field.bit()) != 0;
    }

    private void invalid(Field field, String problem) {
        invalid |= field.bit();
        problem(problem);
    }

    private void problem(String problem) {
        onlyOperationProblems = false;
        addProblem(problem);
    }

    private void addProblem(String problem) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        // Only the problems reported are kept: input that repeats a field must not fill the heap.
        if (problems.size() < MAX_REPORTED_PROBLEMS) {
            problems.add(problem);
        }
        problemCount++;
    }

    private DecodeResult rejected(String problem) {
        problems = null;
        problemCount = 0;
        problem(problem);
        return rejected();
    }

    private DecodeResult rejected() {
        StringBuilder message = new StringBuilder();
        int shown = problems.size();
        for (int i = 0; i < shown; i++) {
            message.append(i == 0 ? "" : "; ").append(problems.get(i));
        }
        if (problemCount > shown) {
            message.append("; and ").append(problemCount - shown).append(" more problem(s)");
        }
        ErrorCode code = onlyOperationProblems ? ErrorCode.INVALID_OPERATION : ErrorCode.ENVELOPE_VALIDATION_ERROR;
        EnvelopeError rejection = EnvelopeError.of(code, message.toString(), handlerType, operation);
        return new DecodeResult.Rejected(rejection, envelopeId, correlationId, targetNode, handlerType, operation);
    }

    /** Returns whether this host reads envelopes of {@code version}: major 1, as in "1", "1.0" or "1.3". */
    static boolean isSupportedVersion(String version) {
        if (version.equals("1")) {
            return true;
        }
        if (!version.startsWith("1.") || version.endsWith(".")) {
            return false;
        }
        for (int i = 2; i < version.length(); i++) {
            char c = version.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (!digit && (c != '.' || version.charAt(i - 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the UUID in its canonical 8-4-4-4-12 hex form, or {@code null}: no shorter forms. */
    static UUID parseUuid(String text) {
        if (text.length() != 36 || text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String quote(String text) {
        return "\"" + Excerpt.of(text, MAX_QUOTE) + "\"";
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                snake.append(i == 0 ? "" : "_").append(Character.toLowerCase(c));
            } else {
                snake.append(c == '-' ? '_' : c);
            }
        }
        return snake.toString();
    }
}
