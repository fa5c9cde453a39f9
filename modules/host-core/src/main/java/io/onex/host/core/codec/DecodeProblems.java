package io.onex.host.core.codec;

import com.fasterxml.jackson.core.JsonToken;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.json.Excerpt;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What is wrong with one envelope being read: the problems found (the first few kept, all
 * counted), which fields were invalid, and the unknown fields met. Turns them into the one error
 * message, and the error code, of the answer: INVALID_OPERATION when only the operation's name was
 * wrong, else ENVELOPE_VALIDATION_ERROR.
 *
 * <p>Bounded whatever the input: a flood of unknown or repeated fields keeps only what is shown.
 * One instance per decode; not thread-safe.
 */
final class DecodeProblems {

    private static final int MAX_QUOTE = 32;
    private static final int MAX_REPORTED_PROBLEMS = 5;
    private static final int MAX_SHOWN_UNKNOWN = 3;

    private int invalid;
    private List<String> problems;
    private int problemCount;
    private boolean onlyOperationProblems = true;
    private List<String> unknownFields;
    private int unknownCount;

    /** Notes a field this host does not know; the answer names the first few, with a "did you mean". */
    void unknown(String name) {
        if (unknownFields == null) {
            unknownFields = new ArrayList<>(2);
        }
        // Only the names shown are kept: a flood of unknown fields must not fill the heap.
        if (unknownFields.size() < MAX_SHOWN_UNKNOWN) {
            unknownFields.add(name);
        }
        unknownCount++;
    }

    /** Returns whether {@code field} was found invalid. */
    boolean isInvalid(Field field) {
        return (invalid & field.bit()) != 0;
    }

    /** Notes that {@code field} is invalid, for the reason {@code problem}. */
    void invalid(Field field, String problem) {
        invalid |= field.bit();
        add(problem);
    }

    /** Notes that the operation's name is malformed: alone, this answers INVALID_OPERATION. */
    void invalidOperation(String problem) {
        invalid |= Field.OPERATION.bit();
        keep(problem);
    }

    /** Notes a problem of the envelope as a whole. */
    void add(String problem) {
        onlyOperationProblems = false;
        keep(problem);
    }

    /** Forgets every problem noted so far and notes {@code problem} alone: the input as a whole is unreadable. */
    void only(String problem) {
        problems = null;
        problemCount = 0;
        add(problem);
    }

    /** Adds the unknown fields, if any, as one problem; returns whether there is any problem. */
    boolean any() {
        if (unknownFields != null) {
            add(unknownFieldsProblem());
            unknownFields = null;
        }
        return problems != null;
    }

    /** Returns the rejection of an envelope with these problems, keeping what could be read of it. */
    DecodeResult.Rejected rejection(UUID envelopeId, UUID correlationId, String targetNode,
            HandlerType handlerType, String operation) {
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

    /** Returns {@code text} in quotes, shortened to what an error message may quote of the input. */
    static String quote(String text) {
        return "\"" + Excerpt.of(text, MAX_QUOTE) + "\"";
    }

    /** Returns what was found, in words: an object, an array, a string... */
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

    /** Returns a number's text as an error message may quote it. */
    static String excerpt(String text) {
        return Excerpt.of(text, MAX_QUOTE);
    }

    private void keep(String problem) {
        if (problems == null) {
            problems = new ArrayList<>(2);
        }
        // Only the problems reported are kept: input that repeats a field must not fill the heap.
        if (problems.size() < MAX_REPORTED_PROBLEMS) {
            problems.add(problem);
        }
        problemCount++;
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
