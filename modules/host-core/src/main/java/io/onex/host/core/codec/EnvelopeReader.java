package io.onex.host.core.codec;

import static io.onex.host.core.codec.DecodeProblems.describe;
import static io.onex.host.core.codec.DecodeProblems.quote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.HandlerType;
import io.onex.host.core.HandlerRegistry;
import io.onex.host.core.json.Json;
import io.onex.host.core.json.JsonBudget;
import io.onex.host.core.json.JsonLimits;
import io.onex.host.core.json.JsonSyntaxException;
import io.onex.host.core.json.Utf8;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
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
    private final DecodeProblems problems = new DecodeProblems();

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
            problems.unknown(name);
            parser.skipChildren();
            return;
        }
        if ((seen & field.bit()) != 0) {
            problems.invalid(field, name + " appears more than once");
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
            problems.add("success is true but error is set; an envelope with an error has success false");
        } else if (error == null && success != null && !success && !problems.isInvalid(Field.ERROR)) {
            problems.add("success is false but there is no error; an envelope with success false needs an error");
        }
        if (error != null && payload != null) {
            problems.add("payload must be null on an envelope with an error");
        }
        if (problems.any()) {
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
            problems.invalid(Field.TARGET_NODE, "target_node must not be empty");
        }
        boolean noTarget = targetNode == null && !problems.isInvalid(Field.TARGET_NODE);
        boolean noHandlerType = handlerType == null && !problems.isInvalid(Field.HANDLER_TYPE);
        boolean noOperation = operation == null && !problems.isInvalid(Field.OPERATION);
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
            problems.add(missing.toString());
        }
    }

    private UUID uuid(JsonParser parser, Field field) throws IOException {
        String text = text(parser, field);
        if (text == null) {
            return null;
        }
        UUID uuid = parseUuid(text);
        if (uuid == null) {
            problems.invalid(field, field.wireName() + " must be a UUID such as " + UUID_EXAMPLE + ", not "
                    + quote(text));
        }
        return uuid;
    }

    private String version(JsonParser parser) throws IOException {
        String text = text(parser, Field.ENVELOPE_VERSION);
        if (text != null && !isSupportedVersion(text)) {
            problems.invalid(Field.ENVELOPE_VERSION, "envelope_version " + quote(text)
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
            problems.invalid(Field.HANDLER_TYPE, "handler_type " + quote(text) + " is not a handler type name:"
                    + " lowercase letters, digits and _, starting with a letter, such as \"http\"");
        }
        return type;
    }

    private String operation(JsonParser parser) throws IOException {
        String text = text(parser, Field.OPERATION);
        if (text == null || HandlerRegistry.isWellFormedOperation(text)) {
            return text;
        }
        problems.invalidOperation("operation " + quote(text)
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
            problems.invalid(field, field.wireName() + " must be a JSON object or null, not " + describe(token));
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
            problems.invalid(Field.TIMESTAMP, "timestamp must be an RFC 3339 date-time such as " + TIMESTAMP_EXAMPLE
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
        String found = token.isNumeric() ? DecodeProblems.excerpt(parser.getText()) : describe(token);
        problems.invalid(Field.TTL_SECONDS, "ttl_seconds must be a whole number of seconds from 0 to "
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
                problems.invalid(field, field.wireName() + " must be true or false, not " + describe(token));
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
            problems.invalid(Field.ERROR, problem);
        }
        return read;
    }

    private String text(JsonParser parser, Field field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            String problem = Utf8.unpairedEscapeProblem(text);
            if (problem == null) {
                return text;
            }
            problems.invalid(field, field.wireName() + " " + problem);
            return null;
        }
        if (token != JsonToken.VALUE_NULL) {
            problems.invalid(field, field.wireName() + " must be a string, not " + describe(token));
            parser.skipChildren();
        }
        return null;
    }

    private DecodeResult rejected(String problem) {
        problems.only(problem);
        return rejected();
    }

    private DecodeResult rejected() {
        return problems.rejection(envelopeId, correlationId, targetNode, handlerType, operation);
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
}
