package io.onex.host.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reader's decoding of <code>&#92;u</code> escapes: a surrogate that is not half of a pair is
 * refused wherever it appears, naming the JSON pointer and the escape but never quoting the text;
 * a pair, escaped or written as UTF-8, reads as the one character it is.
 */
class JsonValueReaderTest {

    @Test
    void aLoneHighOrLowSurrogateEscapeIsRefusedNamingThePointerTheEscapeAndThePosition() {
        assertThat(refusal("{\"a\":[\"ok\",\"x\\ud800y\"]}"))
                .startsWith("the string at /a/1 holds the escape \\ud800, an unpaired surrogate")
                .endsWith("at line 1, column 12");
        assertThat(refusal("\"\\uDFFF\"")).startsWith("the string holds the escape \\udfff");
        assertThat(refusal("{\"a\":{\n\"b\":\"\\udc00\"}}")).contains("/a/b", "at line 2, column 5");
    }

    @Test
    void aSurrogateEscapeThatDoesNotMakeAPairIsRefused() {
        assertThat(refusal("[\"\\ud800\\u0041\"]")).as("high, then not a low one").contains("/0", "\\ud800");
        assertThat(refusal("[\"\\udc00\\ud800\"]")).as("low before high").contains("\\udc00");
        assertThat(refusal("[\"\\ud83d\\ud83d\\ude00\"]")).as("two highs, then a low").contains("\\ud83d");
        assertThat(refusal("[\"\\ud83d\"]")).as("a pair cut short").contains("\\ud83d");
    }

    @Test
    void aKeyWithAnUnpairedSurrogateIsRefusedWithItsPositionNotQuotingIt() {
        // The parser of bytes refuses such a key itself; the reader's own check names the object.
        for (String json : List.of("{\"outer\":{\"k\\ud800\":1}}", "{\"outer\":{\"k\\udfff\":1}}")) {
            String message = refusal(json);
            assertThat(message).as(json).containsAnyOf("a key in the object at /outer holds the escape", "field name")
                    .contains("at line 1, column");
            assertThat(message.chars().anyMatch(c -> Character.isSurrogate((char) c))).isFalse();
            assertThatThrownBy(() -> Json.read(json)).as("read from a String: %s", json)
                    .isInstanceOf(JsonSyntaxException.class);
        }
    }

    @Test
    void aPairReadsAsOneCharacterEscapedOrAsUtf8() {
        assertThat(Json.read("{\"\\ud83d\\ude00\":[\"\\ud83d\\ude00\",\"a\\uD834\\uDD1Eb\"]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("\uD83D\uDE00", List.of("\uD83D\uDE00", "a\uD834\uDD1Eb")));
        assertThat(Json.read("[\"\uD83D\uDE00\"]".getBytes(StandardCharsets.UTF_8))).isEqualTo(List.of("\uD83D\uDE00"));
        assertThat(Json.read("[\"\\ud7ff\\ue000\"]")).as("the neighbours of the surrogate range")
                .isEqualTo(List.of("\uD7FF\uE000"));
    }

    @Test
    void textReadAsAStringIsRefusedTheSameWay() {
        assertThatThrownBy(() -> Json.read("[\"\\ud800\"]")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("the string at /0 holds the escape \\ud800");
    }

    private static String refusal(String json) {
        JsonSyntaxException refused = (JsonSyntaxException) org.assertj.core.api.Assertions.catchThrowable(
                () -> Json.read(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(refused).as(json).isNotNull();
        return refused.getMessage();
    }
}
