package io.onex.host.core.codec;

import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the {@code error} object of an envelope and collects what is wrong with it. Only error
 * envelopes have one, so this works on the already-read map rather than on the stream.
 */
final class ErrorReader {

    static final String CODE = "code";
    static final String MESSAGE = "message";
    static final String HANDLER_TYPE = "handler_type";
    static final String OPERATION = "operation";
    static final String RETRYABLE = "retryable";
    static final String DETAILS = "details";

    private static final String FIELDS = String.join(", ", CODE, MESSAGE, HANDLER_TYPE, OPERATION, RETRYABLE, DETAILS);
    private static final String CODES = Arrays.stream(ErrorCode.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    private final Map<String, Object> object;
    private final List<String> problems = new ArrayList<>(1);

    ErrorReader(Map<String, Object> object) {
        this.object = object;
    }

    /** Returns the error, or {@code null} if {@link #problems()} says why it cannot be read. */
    EnvelopeError read() {
        for (String key : object.keySet()) {
            switch (key) {
                case CODE, MESSAGE, HANDLER_TYPE, OPERATION, RETRYABLE, DETAILS -> { }
                default -> problems.add("error has an unknown field " + DecodeProblems.quote(key)
                        + "; the fields of an error are " + FIELDS);
            }
        }
        ErrorCode code = code();
        String message = string(MESSAGE, true);
        HandlerType handlerType = handlerType();
        String operation = string(OPERATION, false);
        Boolean retryable = retryable();
        Map<String, Object> details = details();
        if (!problems.isEmpty()) {
            return null;
        }
        return new EnvelopeError(code, message, handlerType, operation,
                retryable != null ? retryable : code.retryable(), details);
    }

    /** Returns what is wrong with the error object; empty when {@link #read()} succeeded. */
    List<String> problems() {
        return problems;
    }

    private ErrorCode code() {
        String name = string(CODE, true);
        if (name == null) {
            return null;
        }
        ErrorCode code = ErrorCode.fromName(name).orElse(null);
        if (code == null) {
            problems.add("error.code " + DecodeProblems.quote(name) + " is not one of " + CODES);
        }
        return code;
    }

    private HandlerType handlerType() {
        String name = string(HANDLER_TYPE, false);
        if (name == null) {
            return null;
        }
        HandlerType type = HandlerType.parse(name).orElse(null);
        if (type == null) {
            problems.add("error.handler_type " + DecodeProblems.quote(name) + " is not a handler type name:"
                    + " lowercase letters, digits and _, starting with a letter");
        }
        return type;
    }

    private Boolean retryable() {
        Object value = object.get(RETRYABLE);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add("error.retryable must be true or false, not " + kind(value));
        return null;
    }

    @SuppressWarnings("unchecked") // Json reads objects as String-keyed maps
    private Map<String, Object> details() {
        Object value = object.get(DETAILS);
        if (value == null || value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        problems.add("error.details must be a JSON object or null, not " + kind(value));
        return null;
    }

    private String string(String key, boolean required) {
        Object value = object.get(key);
        if (value instanceof String text) {
            return text;
        }
        if (value != null) {
            problems.add("error." + key + " must be a string, not " + kind(value));
        } else if (required) {
            problems.add("error." + key + " is missing; an error needs a code and a message");
        }
        return null;
    }

    private static String kind(Object value) {
        return switch (value) {
            case Boolean _ -> "a boolean";
            case Number _ -> "a number";
            case List<?> _ -> "an array";
            case Map<?, ?> _ -> "an object";
            default -> "a string";
        };
    }
}
