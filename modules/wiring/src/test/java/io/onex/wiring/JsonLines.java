package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Checks that a stream of text is JSON lines: every non-blank line one complete JSON object. */
final class JsonLines {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLines() {
    }

    /** Asserts that every non-blank line of {@code text}, the output named {@code stream}, is one JSON object. */
    static void assertOnlyJsonObjects(String stream, String text) {
        text.lines().filter(line -> !line.isBlank()).forEach(line ->
                assertThat(isJsonObject(line)).as("every line of %s must be a JSON object, but this is not:%n%s",
                        stream, line.length() > 500 ? line.substring(0, 500) + "..." : line).isTrue());
    }

    static boolean isJsonObject(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
