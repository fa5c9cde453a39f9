package io.onex.host.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void wholeNumbersReadAsIntegerWhenTheyFitThenLongThenBigInteger() {
        assertThat(Json.read("2147483647")).isEqualTo(Integer.MAX_VALUE);
        assertThat(Json.read("-2147483648")).isEqualTo(Integer.MIN_VALUE);
        assertThat(Json.read("2147483648")).isEqualTo(2_147_483_648L);
        assertThat(Json.read("-2147483649")).isEqualTo(-2_147_483_649L);
        assertThat(Json.read("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.read("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.read("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.read("-9223372036854775809")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(Json.read("0")).isEqualTo(0);
    }

    @Test
    void numbersWithAFractionOrAnExponentReadAsExactBigDecimals() {
        assertThat(Json.read("0.1")).isEqualTo(new BigDecimal("0.1"));
        assertThat(Json.read("1.50")).isEqualTo(new BigDecimal("1.50"));
        assertThat(Json.read("1e400")).isEqualTo(new BigDecimal("1e400"));
        assertThat(Json.read("2E-3")).isEqualTo(new BigDecimal("0.002"));
        assertThat(Json.read("1e2")).isEqualTo(new BigDecimal("1e2"));
        assertThat(Json.read("3.14159265358979323846264338327950288419716939937510"))
                .isEqualTo(new BigDecimal("3.14159265358979323846264338327950288419716939937510"));
    }

    @Test
    void aNumberWhoseExponentIsBeyondBigDecimalsRangeIsASyntaxError() {
        assertThatThrownBy(() -> Json.read("[1e9999999999]"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("the number 1e9999999999 is out of range at /0");
    }

    @Test
    void numbersLongerThanAThousandDigitsAreASyntaxError() {
        assertThat(Json.read("9".repeat(1_000))).isEqualTo(new BigInteger("9".repeat(1_000)));
        assertThatThrownBy(() -> Json.read("9".repeat(1_001)))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("exceeds the maximum");
    }

    @Test
    void negativeZeroLosesItsSignBecauseNeitherIntegerNorBigDecimalHasOne() {
        assertThat(Json.read("-0")).isEqualTo(0);
        assertThat(Json.read("-0.0")).isEqualTo(new BigDecimal("0.0"));
        assertThat(Json.write(Json.read("[-0,-0.0]"))).isEqualTo("[0,0.0]");
    }

    @Test
    void bigDecimalsSurviveAWriteAndReadExactly() {
        List<Object> values = List.of(new BigDecimal("1E+400"), new BigDecimal("-1.000"),
                new BigDecimal("1.0E-7"), new BigDecimal("123456789012345678901234567890.123456789"));
        assertThat(Json.read(Json.write(values))).isEqualTo(values);
    }

    @Test
    void objectsKeepTheirKeysInDocumentOrder() {
        Map<String, Object> object = Json.readObject("{\"z\":1,\"a\":2,\"m\":{\"y\":null,\"b\":[]}}");

        assertThat(object).isInstanceOf(LinkedHashMap.class);
        assertThat(object.keySet()).containsExactly("z", "a", "m");
        assertThat(List.copyOf(((Map<?, ?>) object.get("m")).keySet())).isEqualTo(List.of("y", "b"));
        assertThat(Json.write(object)).isEqualTo("{\"z\":1,\"a\":2,\"m\":{\"y\":null,\"b\":[]}}");
    }

    @Test
    void scalarsNullsAndEmptyContainersReadAsTheirJavaValues() {
        assertThat(Json.read("[\"\",true,false,null,{},[]]"))
                .isEqualTo(Arrays.asList("", true, false, null, Map.of(), List.of()));
    }

    @Test
    void duplicateKeysAreRejectedWhereTheSecondOneStands() {
        assertThatThrownBy(() -> Json.read("{\"a\":1,\n \"a\":2}"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("duplicate key \"a\"")
                .satisfies(e -> assertThat(((JsonSyntaxException) e).line()).isEqualTo(2));
    }

    @Test
    void duplicateKeysAreRejectedInNestedObjectsToo() {
        assertThatThrownBy(() -> Json.read("[{\"b\":{\"x\":null,\"x\":null}}]"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("duplicate key \"x\"");
    }

    @Test
    void nestingUpToTheDepthLimitIsAccepted() {
        String json = "[".repeat(200) + "]".repeat(200);

        assertThat(Json.read(json)).isInstanceOf(List.class);
    }

    @Test
    void nestingBeyondTheDepthLimitIsRejected() {
        String json = "[".repeat(201) + "]".repeat(201);

        assertThatThrownBy(() -> Json.read(json))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("deeper than the limit of 200 levels");
    }

    @Test
    void theDepthLimitIsConfigurable() {
        JsonLimits limits = JsonLimits.of(3, 1000);

        assertThat(Json.read("{\"a\":{\"b\":[1]}}", limits)).isInstanceOf(Map.class);
        assertThatThrownBy(() -> Json.read("{\"a\":{\"b\":[[1]]}}", limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("limit of 3 levels");
    }

    @Test
    void documentsLongerThanTheLimitAreRejectedBeforeParsing() {
        JsonLimits limits = JsonLimits.of(10, 8);

        assertThat(Json.read("[1,2,3]", limits)).isEqualTo(List.of(1, 2, 3));
        assertThatThrownBy(() -> Json.read("[1,2,3,4]".getBytes(StandardCharsets.UTF_8), limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("9 bytes, more than the limit of 8");
    }

    @Test
    void numbersThatWouldExpandBeyondAThousandDigitsAreRefusedNamingWhere() {
        assertThat(Json.read("1e999")).isEqualTo(new BigDecimal("1e999"));
        assertThat(Json.read("1e-1000")).isEqualTo(new BigDecimal("1e-1000"));
        for (String number : List.of("1e999999999", "1e-999999999", "0e999999999", "1.5E+1001", "1e-1001")) {
            assertThatThrownBy(() -> Json.read("{\"headers\":{\"X-A\":" + number + "}}"))
                    .as(number)
                    .isInstanceOf(JsonSyntaxException.class)
                    .hasMessageContaining("at /headers/X-A is out of range")
                    .hasMessageContaining("more than 1000 digits");
        }
    }

    @Test
    void plainTextIsOnlyGivenForBoundedNumbers() {
        assertThat(Json.plainText(new BigDecimal("1.5e3"))).isEqualTo("1500");
        assertThat(Json.isBounded(new BigDecimal("1e999999999"))).isFalse();
        assertThatThrownBy(() -> Json.plainText(new BigDecimal("1e999999999")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the number 1E+999999999 has more than 1000 digits");
    }

    @Test
    void thePlainLengthOfANumberIsTheLengthOfItsPlainText() {
        for (String number : List.of("0", "-0.0", "1e3", "-1.25", "0.0125", "-0.000", "12345e-2", "1e-7", "9E+20",
                "0e5", "-7")) {
            BigDecimal value = new BigDecimal(number);
            assertThat(Json.plainLength(value)).as(number).isEqualTo(value.toPlainString().length());
        }
    }

    @Test
    void theCountOfValuesIsBoundedWhateverTheLength() {
        JsonLimits limits = new JsonLimits(10, 1_000_000, 1_000, 1_000_000);
        String amplifying = "[" + "{},".repeat(999) + "{}]";

        assertThatThrownBy(() -> Json.read(amplifying, limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("more than 1000 JSON values (the limit); refused at /999");
        assertThat((List<?>) Json.read("[" + "{},".repeat(998) + "{}]", limits)).hasSize(999);
        // Object members count too: {"k0":0,...} holds the object, and per member the member and its value.
        StringBuilder members = new StringBuilder("{\"k\":0");
        for (int i = 0; i < 500; i++) {
            members.append(",\"k").append(i).append("\":0");
        }
        assertThatThrownBy(() -> Json.read(members.append('}').toString(), limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("more than 1000 JSON values");
    }

    @Test
    void theTextOfStringsKeysAndPlainNumbersIsBoundedTogether() {
        JsonLimits limits = new JsonLimits(10, 1_000_000, 1_000_000, 100);

        assertThat(Json.read("[\"" + "x".repeat(90) + "\"]", limits)).isNotNull();
        assertThatThrownBy(() -> Json.read("[\"" + "x".repeat(60) + "\",\"" + "y".repeat(60) + "\"]", limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("more than 100 chars of text");
        // 1e90 is 4 bytes but 91 chars as plain text.
        assertThatThrownBy(() -> Json.read("[1e90,1e90]", limits))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("at /1");
    }

    @Test
    void onlyStrictUtf8IsRead() {
        byte[][] refused = {
            {'"', (byte) 0xC0, (byte) 0xAF, '"'},                          // overlong '/'
            {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'},             // overlong, three bytes
            {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},             // the surrogate U+D800
            {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // U+110000
            {'"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
            {'"', (byte) 0x80, '"'},
        };
        for (byte[] bytes : refused) {
            assertThatThrownBy(() -> Json.read(bytes))
                    .as(Arrays.toString(bytes))
                    .isInstanceOf(JsonSyntaxException.class)
                    .hasMessageContaining("not valid UTF-8")
                    .hasMessageContaining("at byte 2");
        }
        assertThat(Json.read("\"a\u00e9\u20ac\ud83d\ude00\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("a\u00e9\u20ac\ud83d\ude00");
        assertThat(Utf8.problem("\u0000\u007f\u0080\u07ff\u0800\uffff\udbff\udfff".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void limitsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> JsonLimits.of(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLimits.of(JsonLimits.DEPTH_CEILING + 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonLimits.of(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trailingContentAfterTheValueIsRejected() {
        for (String json : List.of("{} {}", "1 2", "{}x", "[] ]", "\"a\" \"b\"")) {
            assertThatThrownBy(() -> Json.read(json)).as(json).isInstanceOf(JsonSyntaxException.class);
        }
        assertThat(Json.read(" {} \n\t")).isEqualTo(Map.of());
    }

    @Test
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> Json.read("")).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Json.read(new byte[] {' ', '\n'})).isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void syntaxErrorsNameTheLineAndColumn() {
        assertThatThrownBy(() -> Json.read("{\"a\":\n  tru}"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("at line 2, column")
                .satisfies(e -> {
                    JsonSyntaxException syntax = (JsonSyntaxException) e;
                    assertThat(syntax.line()).isEqualTo(2);
                    assertThat(syntax.column()).isPositive();
                    assertThat(syntax.reason()).doesNotContain("line 2");
                });
    }

    @Test
    void syntaxErrorsQuoteOnlyAShortExcerptOfTheInput() {
        String secret = "s3cr3t".repeat(2000);

        assertThatThrownBy(() -> Json.read("{\"token\": " + secret + "}"))
                .isInstanceOf(JsonSyntaxException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300)
                        .doesNotContain("s3cr3t".repeat(10)));
    }

    @Test
    void syntaxErrorsDoNotDescribeTheInputSource() {
        assertThatThrownBy(() -> Json.read("[1,2"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("(start marker at line 1, column 1)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Source"));
    }

    @Test
    void nonStandardTokensAreRejected() {
        for (String json : List.of("NaN", "[Infinity]", "01", "+1", "{'a':1}", "[1,]", "{a:1}", "/* c */ 1")) {
            assertThatThrownBy(() -> Json.read(json)).as(json).isInstanceOf(JsonSyntaxException.class);
        }
    }

    @Test
    void invalidUtf8IsASyntaxError() {
        assertThatThrownBy(() -> Json.read(new byte[] {'"', (byte) 0xff, '"'}))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void readObjectRejectsOtherValues() {
        assertThatThrownBy(() -> Json.readObject("[1]"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageContaining("expected a JSON object but found an array");
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8WithoutEscapes() {
        String text = "é 中文 😀 \uD834\uDD1E";

        byte[] json = Json.writeBytes(Map.of("k", text));

        assertThat(json).isEqualTo(("{\"k\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(Json.read(json)).isEqualTo(Map.of("k", text));
        assertThat(Json.write(text)).isEqualTo("\"" + text + "\"");
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscaped() {
        assertThat(Json.write("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
        assertThat(Json.read(Json.write("a\"b\\c\n\u0001"))).isEqualTo("a\"b\\c\n\u0001");
    }

    @Test
    void escapesInInputAreDecoded() {
        assertThat(Json.read("\"\\u00e9\\ud83d\\ude00\\t\\/\"")).isEqualTo("é😀\t/");
    }

    @Test
    void writingAcceptsOtherNumbersInstantsUuidsAndEnums() {
        UUID id = UUID.fromString("0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d");
        List<Object> values = List.of(1.5d, 2.5f, (short) 3, (byte) 4, 5L, new BigInteger("123456789012345678901"),
                Instant.parse("2026-11-27T03:18:21.123456789Z"), id, DayOfWeek.MONDAY);

        assertThat(Json.write(values)).isEqualTo("[1.5,2.5,3,4,5,123456789012345678901,"
                + "\"2026-11-27T03:18:21.123456789Z\",\"0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d\",\"MONDAY\"]");
    }

    @Test
    void notANumberAndInfinitiesAreRefused() {
        for (Object value : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertThatThrownBy(() -> Json.write(List.of(value))).as(value.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesThatAreNotJsonShapedAreRefused() {
        assertThatThrownBy(() -> Json.write(Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        Map<Object, Object> numberKeys = new HashMap<>();
        numberKeys.put(1, "one");
        assertThatThrownBy(() -> Json.write(numberKeys))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keys must be strings");
    }

    @Test
    void unpairedSurrogatesInStringValuesAreWrittenAsEscapesWhichTheReaderRefuses() {
        List<String> values = List.of("\uD800", "a\uDFFF", "\uDFFF\uD800x");

        String json = Json.write(values);

        assertThat(json).isEqualTo("[\"\\uD800\",\"a\\uDFFF\",\"\\uDFFF\\uD800x\"]");
        assertThatThrownBy(() -> Json.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("the string at /0 holds the escape \\ud800, an unpaired surrogate (no UTF-8 form;"
                        + " escape a pair, such as \\ud83d\\ude00) at line 1, column 2");
    }

    @Test
    void objectKeysWithUnpairedSurrogatesAreRefusedBecauseTheReaderRefusesThem() {
        assertThatThrownBy(() -> Json.write(Map.of("a\uD800", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Json.read("{\"\\uDFFF\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonSyntaxException.class);
        assertThat(Json.write(Map.of("\uD83D\uDE00", 1))).isEqualTo("{\"\uD83D\uDE00\":1}");
    }

    @Test
    void aListThatContainsItselfIsRefusedInsteadOfOverflowingTheStack() {
        List<Object> list = new ArrayList<>();
        list.add(list);

        assertThatThrownBy(() -> Json.write(list))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper than");
    }

    @Test
    void nullIsWrittenAsJsonNull() {
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.read("null")).isNull();
    }
}
