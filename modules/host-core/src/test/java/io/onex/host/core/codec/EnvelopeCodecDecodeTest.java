package io.onex.host.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeError;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.json.JsonLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeCodecDecodeTest {

    private static final Instant NOW = Instant.parse("2026-11-27T03:18:21.123456789Z");
    private static final UUID NEW_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID ID = UUID.fromString("0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d");
    private static final UUID CORRELATION = UUID.fromString("5d41402a-bc4b-4a76-b971-9d911017c592");
    private static final String QUICK_START =
            "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"hi\":1}}";

    private final EnvelopeCodec codec = EnvelopeCodec.create(Clock.fixed(NOW, ZoneOffset.UTC), () -> NEW_ID);

    // ---- defaults and accepted forms

    @Test
    void aQuickStartRequestGetsEveryDefault() {
        Envelope envelope = decoded(QUICK_START);

        assertThat(envelope).isEqualTo(new Envelope(NEW_ID, "1.0", null, null, null, "echo", HandlerType.of("local"),
                "local.echo", Map.of("hi", 1), Map.of(), NOW, null, false, true, null));
    }

    @Test
    void aFullRequestKeepsEveryFieldItGives() {
        Envelope envelope = decoded("""
                {"envelope_id":"0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8d","envelope_version":"1.0",
                 "correlation_id":"5d41402a-bc4b-4a76-b971-9d911017c592","causation_id":null,
                 "source_node":"gateway","target_node":"price_calculator","handler_type":"http",
                 "operation":"http.get","payload":{"url":"https://example.com","n":[1,2.5]},
                 "metadata":{"tenant_id":"acme"},"timestamp":"2026-11-27T03:18:21.5Z",
                 "ttl_seconds":30,"is_response":false,"success":true,"error":null}
                """);

        assertThat(envelope).isEqualTo(new Envelope(ID, "1.0", CORRELATION, null, "gateway", "price_calculator",
                HandlerType.of("http"), "http.get", Map.of("url", "https://example.com",
                        "n", List.of(1, new BigDecimal("2.5"))),
                Map.of("tenant_id", "acme"), Instant.parse("2026-11-27T03:18:21.500Z"), 30, false, true, null));
    }

    @Test
    void explicitNullsOfOptionalFieldsGetTheirDefaults() {
        Envelope envelope = decoded("{\"envelope_id\":null,\"envelope_version\":null,\"metadata\":null,"
                + "\"timestamp\":null,\"is_response\":null,\"success\":null,\"payload\":null,"
                + "\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\"}");

        assertThat(envelope.envelopeId()).isEqualTo(NEW_ID);
        assertThat(envelope.envelopeVersion()).isEqualTo("1.0");
        assertThat(envelope.metadata()).isEmpty();
        assertThat(envelope.timestamp()).isEqualTo(NOW);
        assertThat(envelope.isResponse()).isFalse();
        assertThat(envelope.success()).isTrue();
        assertThat(envelope.payload()).isNull();
    }

    @Test
    void unknownMetadataKeysAreKeptVerbatim() {
        Envelope envelope = decoded(with("\"metadata\":{\"x-trace\":{\"spans\":[1,{\"a\":null}]},\"tenant_id\":\"t\"}"));

        assertThat(envelope.metadata()).isEqualTo(Map.of("x-trace", Map.of("spans", List.of(1,
                Collections.singletonMap("a", null))), "tenant_id", "t"));
        assertThat(codec.encodeToString(envelope))
                .contains("\"metadata\":{\"x-trace\":{\"spans\":[1,{\"a\":null}]},\"tenant_id\":\"t\"}");
    }

    @Test
    void timestampsWithAnOffsetAreConvertedToUtcWithTheirFullPrecision() {
        assertThat(decoded(with("\"timestamp\":\"2026-11-27T05:18:21.123456789+02:00\"")).timestamp())
                .isEqualTo(NOW);
        assertThat(decoded(with("\"timestamp\":\"2026-11-26t22:18:21.1234567-05:00\"")).timestamp())
                .isEqualTo(Instant.parse("2026-11-27T03:18:21.123456700Z"));
        assertThat(decoded(with("\"timestamp\":\"2026-11-27T03:18:21z\"")).timestamp())
                .isEqualTo(Instant.parse("2026-11-27T03:18:21Z"));
    }

    @Test
    void minorVersionsOfTheFirstMajorVersionAreAcceptedAndKept() {
        for (String version : List.of("1.0", "1.3", "1", "1.10.2")) {
            assertThat(decoded(with("\"envelope_version\":\"" + version + "\"")).envelopeVersion())
                    .isEqualTo(version);
        }
    }

    @Test
    void aResponseNeedsNoTargetHandlerTypeOrOperation() {
        Envelope envelope = decoded("{\"is_response\":true,\"correlation_id\":\"" + CORRELATION + "\"}");

        assertThat(envelope.isResponse()).isTrue();
        assertThat(envelope.targetNode()).isNull();
        assertThat(envelope.handlerType()).isNull();
        assertThat(envelope.operation()).isNull();
    }

    @Test
    void anErrorEnvelopeWithoutSuccessIsAFailure() {
        Envelope envelope = decoded("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"slow\"}}");

        assertThat(envelope.success()).isFalse();
        assertThat(envelope.error()).isEqualTo(new EnvelopeError(ErrorCode.TIMEOUT, "slow", null, null, true, Map.of()));
    }

    @Test
    void anErrorKeepsItsRetryabilityHandlerTypeOperationAndDetails() {
        Envelope envelope = decoded("{\"is_response\":true,\"success\":false,\"error\":{\"code\":\"SERVICE_UNAVAILABLE\","
                + "\"message\":\"down\",\"handler_type\":\"http\",\"operation\":\"http.get\",\"retryable\":false,"
                + "\"details\":{\"status_code\":503}}}");

        assertThat(envelope.error()).isEqualTo(new EnvelopeError(ErrorCode.SERVICE_UNAVAILABLE, "down",
                HandlerType.of("http"), "http.get", false, Map.of("status_code", 503)));
    }

    @Test
    void aTtlOfZeroAndANullTtlAreAccepted() {
        assertThat(decoded(with("\"ttl_seconds\":0")).ttlSeconds()).isZero();
        assertThat(decoded(with("\"ttl_seconds\":null")).ttlSeconds()).isNull();
        assertThat(decoded(with("\"ttl_seconds\":2147483647")).ttlSeconds()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void theStandardCodecStampsFreshIdsAndTheCurrentTime() {
        Instant before = Instant.now();
        DecodeResult first = EnvelopeCodec.standard().decode(QUICK_START);
        DecodeResult second = EnvelopeCodec.standard().decode(QUICK_START);

        Envelope one = ((DecodeResult.Decoded) first).envelope();
        Envelope two = ((DecodeResult.Decoded) second).envelope();
        assertThat(one.envelopeId()).isNotEqualTo(two.envelopeId());
        assertThat(one.envelopeId().version()).isEqualTo(4);
        assertThat(one.timestamp()).isAfterOrEqualTo(before);
    }

    // ---- rejections

    @Test
    void anUnknownTopLevelFieldIsRejectedAndTheValidOnesAreListed() {
        Rejection rejection = rejected(with("\"priority\":1"));

        rejection.hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("unknown field \"priority\"", "envelope_id, envelope_version, correlation_id",
                        "is_response, success, error");
    }

    @Test
    void aCamelCaseFieldNameGetsAHint() {
        rejected(with("\"correlationId\":\"" + CORRELATION + "\""))
                .mentions("unknown field \"correlationId\" (did you mean \"correlation_id\"?)");
    }

    @Test
    void anotherMajorVersionIsRejectedNamingTheSupportedOnes() {
        rejected(with("\"envelope_version\":\"2.0\""))
                .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("envelope_version \"2.0\" is not supported", "1.x", "\"1.0\"");
        for (String version : List.of("", "1.", "1..0", "1.x", "10.0", "v1")) {
            rejected(with("\"envelope_version\":\"" + version + "\"")).mentions("envelope_version");
        }
    }

    @Test
    void aMalformedHandlerTypeIsRejectedSayingWhatANameIs() {
        for (String type : List.of("LOCAL", "", "1db", "my-handler", "x".repeat(HandlerType.MAX_LENGTH + 1))) {
            rejected(with("\"handler_type\":\"" + type + "\"", "handler_type"))
                    .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                    .mentions("handler_type \"" + type.substring(0, Math.min(type.length(), 8)), "is not a handler"
                            + " type name", "lowercase letters");
        }
    }

    @Test
    void aWellFormedHandlerTypeIsReadAsWrittenTheHostChecksItIsRegistered() {
        DecodeResult result = codec.decode(with("\"handler_type\":\"redis\"", "handler_type")
                .replace("\"local.echo\"", "\"redis.get\""));

        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        assertThat(((DecodeResult.Decoded) result).envelope().handlerType()).isEqualTo(HandlerType.of("redis"));
    }

    @Test
    void aMalformedOperationIsAnInvalidOperation() {
        for (String operation : List.of("echo", "Local.echo", "local.echo.more", "local.", ".echo", "1a.b", "local-x.y")) {
            rejected(with("\"operation\":\"" + operation + "\"", "operation"))
                    .hasCode(ErrorCode.INVALID_OPERATION)
                    .mentions("operation \"" + operation + "\"", "{domain}.{action}");
        }
    }

    @Test
    void missingRequiredFieldsAreAllNamed() {
        rejected("{\"payload\":{}}")
                .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("missing required field(s) target_node, handler_type, operation");
        rejected("{\"target_node\":\"echo\",\"handler_type\":null,\"operation\":\"local.echo\"}")
                .mentions("missing required field(s) handler_type;");
        rejected("{\"target_node\":\"\",\"handler_type\":\"local\",\"operation\":\"local.echo\"}")
                .mentions("target_node must not be empty");
    }

    @Test
    void malformedUuidsAreRejectedNamingTheField() {
        for (String field : List.of("envelope_id", "correlation_id", "causation_id")) {
            for (String value : List.of("\"abc\"", "\"1-1-1-1-1\"", "\"0b7c7ae4-6f0f-4c5e-9d1e-3c2a1b0f9e8g\"", "42")) {
                rejected(with("\"" + field + "\":" + value))
                        .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                        .mentions(field + " must be");
            }
        }
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRejected() {
        for (String payload : List.of("[1]", "\"text\"", "1", "true")) {
            rejected(with("\"payload\":" + payload, "payload"))
                    .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                    .mentions("payload must be a JSON object or null");
        }
    }

    @Test
    void metadataThatIsNotAnObjectIsRejected() {
        rejected(with("\"metadata\":[]")).mentions("metadata must be a JSON object or null, not an array");
    }

    @Test
    void aTtlThatIsNotANonNegativeIntegerIsRejected() {
        for (String ttl : List.of("-1", "1.5", "30.0", "1e3", "\"30\"", "2147483648", "true")) {
            rejected(with("\"ttl_seconds\":" + ttl))
                    .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                    .mentions("ttl_seconds must be a whole number of seconds");
        }
    }

    @Test
    void aMalformedTimestampIsRejectedWithAnExample() {
        for (String timestamp : List.of("\"yesterday\"", "\"2026-11-27\"", "\"2026-11-27T03:18:21\"",
                "\"2026-02-30T00:00:00Z\"", "\"2026-11-27T03:18:21.1234567891Z\"", "\"2026-11-27 03:18:21Z\"",
                "\"2026-11-27T03:18Z\"", "\"2026-11-27T24:00:00Z\"", "1764213501")) {
            rejected(with("\"timestamp\":" + timestamp))
                    .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                    .mentions("timestamp must be");
        }
        rejected(with("\"timestamp\":\"soon\"")).mentions("RFC 3339", "2026-11-27T03:18:21.123Z");
    }

    @Test
    void fieldsOfTheWrongJsonTypeAreRejectedNamingTheField() {
        rejected(with("\"target_node\":5", "target_node")).mentions("target_node must be a string, not a number");
        rejected(with("\"source_node\":{}")).mentions("source_node must be a string, not an object");
        rejected(with("\"is_response\":\"no\"")).mentions("is_response must be true or false, not a string");
        rejected(with("\"success\":1")).mentions("success must be true or false, not a number");
        rejected(with("\"error\":\"boom\"")).mentions("error must be a JSON object or null, not a string");
    }

    @Test
    void inconsistentSuccessAndErrorAreRejected() {
        rejected("{\"is_response\":true,\"success\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\"}}")
                .mentions("success is true but error is set");
        rejected("{\"is_response\":true,\"success\":false}")
                .mentions("success is false but there is no error");
        rejected("{\"is_response\":true,\"payload\":{},\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\"}}")
                .mentions("payload must be null on an envelope with an error");
    }

    @Test
    void aMalformedErrorObjectIsRejectedNamingItsFields() {
        rejected("{\"is_response\":true,\"error\":{\"code\":\"OOPS\",\"message\":\"m\"}}")
                .mentions("error.code \"OOPS\" is not one of CONTRACT_VALIDATION_ERROR");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\"}}").mentions("error.message is missing");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\",\"stack\":\"...\"}}")
                .mentions("error has an unknown field \"stack\"", "code, message, handler_type");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\",\"retryable\":\"yes\"}}")
                .mentions("error.retryable must be true or false");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\",\"details\":[]}}")
                .mentions("error.details must be a JSON object or null");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"m\",\"handler_type\":\"X\"}}")
                .mentions("error.handler_type \"X\" is not a handler type name");
    }

    @Test
    void aFieldGivenTwiceIsRejected() {
        rejected(with("\"target_node\":\"other\"")).mentions("target_node appears more than once");
    }

    @Test
    void inputThatIsNotJsonIsRejectedWithItsPosition() {
        rejected("{\"target_node\":\"echo\",\n \"handler_type\": local}")
                .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("input is not valid JSON: ", "at line 2, column");
        rejected("{").mentions("input is not valid JSON: ");
        rejected(new byte[] {'{', '"', (byte) 0xC3, '"'}).mentions("input is not valid UTF-8: ");
    }

    @Test
    void anUnpairedSurrogateEscapeInThePayloadMetadataOrErrorIsRejectedNamingWhere() {
        String id = "\"envelope_id\":\"" + ID + "\",";
        Rejection payload = rejected("{" + id + with("\"payload\":{\"sql\":\"SELECT '\\ud800'\"}").substring(1))
                .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("the string at /payload/sql holds the escape \\ud800, an unpaired surrogate", "at line 1");
        assertThat(payload.error().message()).as("the message holds no surrogate itself")
                .doesNotContain("\ud800");
        DecodeResult result = codec.decode("{" + id + with("\"payload\":{\"p\":[\"\\udfff\"]}").substring(1));
        assertThat(((DecodeResult.Rejected) result).envelopeId()).as("the sender can correlate the answer").isEqualTo(ID);
        rejected(with("\"metadata\":{\"tenant_id\":\"a\\ud83d\\u0041\"}")).mentions("/metadata/tenant_id", "\\ud83d");
        rejected(with("\"payload\":{\"o\":{\"k\\udc00\":1}}")).mentions("input is not valid JSON: ", "at line 1, column");
        rejected("{\"is_response\":true,\"error\":{\"code\":\"TIMEOUT\",\"message\":\"\\udc00\\ud800\"}}")
                .mentions("/error/message", "\\udc00");
        Rejection source = rejected(with("\"source_node\":\"caller\\ud800\"")).hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("source_node holds the escape \\ud800, an unpaired surrogate");
        assertThat(source.error().message()).doesNotContain("\ud800", "missing required");
        rejected("{\"target_node\":\"\\udc00\",\"handler_type\":\"local\",\"operation\":\"local.echo\"}")
                .mentions("target_node holds the escape \\udc00");
        assertThat(decoded(with("\"payload\":{\"ok\":\"\\ud83d\\ude00\"}")).payload())
                .as("a pair is one character").isEqualTo(Map.of("ok", "\uD83D\uDE00"));
    }

    @Test
    void emptyInputIsRejected() {
        rejected("").hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR).mentions("input is not valid JSON: the input is empty");
        rejected(" \n").mentions("input is not valid JSON: the input is empty");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsRejected() {
        rejected("[]").hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR).mentions("must be a JSON object, not an array");
        rejected("\"envelope\"").mentions("must be a JSON object, not a string");
        rejected("42").mentions("must be a JSON object, not a number");
        rejected("null").mentions("must be a JSON object, not null");
    }

    @Test
    void contentAfterTheEnvelopeIsRejected() {
        rejected(QUICK_START + " {}").mentions("input is not valid JSON: unexpected content after the envelope");
        rejected(QUICK_START + "x").mentions("input is not valid JSON: ");
    }

    @Test
    void duplicateKeysInsideThePayloadAreRejected() {
        rejected(with("\"payload\":{\"a\":1,\"a\":2}", "payload")).mentions("duplicate key \"a\"");
    }

    @Test
    void floodsOfUnknownOrRepeatedFieldsAreCountedNotKept() {
        StringBuilder unknown = new StringBuilder("{\"target_node\":\"echo\"");
        StringBuilder repeated = new StringBuilder("{\"target_node\":\"echo\"");
        for (int i = 0; i < 50_000; i++) {
            unknown.append(",\"f").append(i).append("\":0");
            repeated.append(",\"source_node\":\"x\"");
        }

        rejected(unknown.append('}').toString()).hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("unknown fields \"f0\", \"f1\", \"f2\" and 49997 more");
        rejected(repeated.append('}').toString()).hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("source_node appears more than once", "more problem(s)");
    }

    @Test
    void payloadValuesBeyondTheEnvelopeBudgetAreRejectedNamingWhere() {
        String values = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"items\":[0" + ",0".repeat(JsonLimits.MAX_ENVELOPE_VALUES) + "]}}";
        String number = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"headers\":{\"X-N\":1e999999999}}}";

        rejected(values).hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("more than 100000 JSON values (the limit); refused at /payload/items/");
        rejected(number).hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("the number 1e999999999 at /payload/headers/X-N is out of range");
    }

    @Test
    void aPayloadNestedBeyondTheLimitIsRejected() {
        EnvelopeCodec strict = EnvelopeCodec.create(Clock.fixed(NOW, ZoneOffset.UTC), () -> NEW_ID,
                JsonLimits.of(3, 10_000));

        assertThat(strict.decode(with("\"payload\":{\"a\":{\"b\":1}}", "payload")))
                .isInstanceOf(DecodeResult.Decoded.class);
        assertThat(strict.decode(with("\"payload\":{\"a\":{\"b\":[1]}}", "payload")))
                .isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> assertThat(r.error().message())
                        .contains("deeper than the limit of 3 levels"));
    }

    @Test
    void inputLongerThanTheLimitIsRejectedUnread() {
        EnvelopeCodec small = EnvelopeCodec.create(Clock.fixed(NOW, ZoneOffset.UTC), () -> NEW_ID,
                JsonLimits.of(10, 50));

        assertThat(small.decode(QUICK_START)).isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> {
            assertThat(r.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(r.error().message()).contains("more than the limit of 50");
            assertThat(r.targetNode()).isNull();
        });
    }

    @Test
    void errorMessagesQuoteOnlyAShortExcerptOfTheInput() {
        String secret = "hunter2".repeat(1_000);

        for (String json : List.of(with("\"operation\":\"" + secret + "\"", "operation"),
                with("\"handler_type\":\"" + secret + "\"", "handler_type"), with("\"" + secret + "\":1"),
                "{\"target_node\": " + secret + "}", with("\"timestamp\":\"" + secret + "\""))) {
            DecodeResult.Rejected rejected = (DecodeResult.Rejected) codec.decode(json);
            assertThat(rejected.error().message()).doesNotContain("hunter2".repeat(6));
            assertThat(rejected.error().message().length()).isLessThan(700);
        }
    }

    @Test
    void severalProblemsAreReportedTogether() {
        rejected("{\"target_node\":\"echo\",\"handler_type\":\"X\",\"operation\":\"bad\",\"ttl_seconds\":-1}")
                .hasCode(ErrorCode.ENVELOPE_VALIDATION_ERROR)
                .mentions("handler_type \"X\"", "operation \"bad\"", "ttl_seconds must be");
    }

    // ---- salvage

    @Test
    void aRejectionKeepsTheIdsTargetAndOperationItCouldRead() {
        DecodeResult result = codec.decode("{\"envelope_id\":\"" + ID + "\",\"handler_type\":\"Kafka\","
                + "\"target_node\":\"echo\",\"operation\":\"local.echo\",\"correlation_id\":\"" + CORRELATION + "\"}");

        assertThat(result).isEqualTo(new DecodeResult.Rejected(((DecodeResult.Rejected) result).error(),
                ID, CORRELATION, "echo", null, "local.echo"));
    }

    @Test
    void aRejectionKeepsTheHandlerTypeAndPutsItInTheError() {
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) codec.decode(with("\"operation\":\"nope\"", "operation"));

        assertThat(rejected.handlerType()).isEqualTo(HandlerType.of("local"));
        assertThat(rejected.operation()).isNull();
        assertThat(rejected.error().handlerType()).isEqualTo(HandlerType.of("local"));
        assertThat(rejected.error().retryable()).isFalse();
    }

    @Test
    void aSyntaxErrorKeepsWhatWasReadBeforeIt() {
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) codec.decode("{\"envelope_id\":\"" + ID
                + "\",\"correlation_id\":\"" + CORRELATION + "\",\"target_node\":\"echo\",\"payload\":{oops}}");

        assertThat(rejected.envelopeId()).isEqualTo(ID);
        assertThat(rejected.correlationId()).isEqualTo(CORRELATION);
        assertThat(rejected.targetNode()).isEqualTo("echo");
        assertThat(rejected.error().message()).startsWith("input is not valid JSON: ");
    }

    @Test
    void aMalformedIdIsNotSalvaged() {
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) codec.decode(with("\"envelope_id\":\"x\""));

        assertThat(rejected.envelopeId()).isNull();
        assertThat(rejected.targetNode()).isEqualTo("echo");
    }

    @Test
    void aRejectionBecomesAnErrorEnvelopeThatAnswersTheInput() {
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) codec.decode("{\"envelope_id\":\"" + ID
                + "\",\"correlation_id\":\"" + CORRELATION + "\",\"target_node\":\"echo\",\"handler_type\":\"local\","
                + "\"operation\":\"local.echo\",\"payload\":[]}");

        Envelope answer = rejected.errorEnvelope(NEW_ID, NOW);

        assertThat(answer.envelopeId()).isEqualTo(NEW_ID);
        assertThat(answer.causationId()).isEqualTo(ID);
        assertThat(answer.correlationId()).isEqualTo(CORRELATION);
        assertThat(answer.isResponse()).isTrue();
        assertThat(answer.success()).isFalse();
        assertThat(answer.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
        assertThat(answer.metadata()).containsEntry(Envelope.ORIGINAL_TARGET_NODE, "echo");
        assertThat(codec.decode(codec.encode(answer))).isEqualTo(new DecodeResult.Decoded(answer));
    }

    // ---- helpers

    /** Returns the quick-start request with {@code field} added, replacing the named fields. */
    private static String with(String field, String... replaced) {
        StringBuilder json = new StringBuilder("{");
        for (String[] entry : new String[][] {{"target_node", "\"echo\""}, {"handler_type", "\"local\""},
                {"operation", "\"local.echo\""}}) {
            if (!List.of(replaced).contains(entry[0])) {
                json.append('"').append(entry[0]).append("\":").append(entry[1]).append(',');
            }
        }
        return json.append(field).append('}').toString();
    }

    private Envelope decoded(String json) {
        DecodeResult result = codec.decode(json);
        assertThat(result).as(json).isInstanceOf(DecodeResult.Decoded.class);
        return ((DecodeResult.Decoded) result).envelope();
    }

    private Rejection rejected(String json) {
        return rejected(json.getBytes(StandardCharsets.UTF_8));
    }

    private Rejection rejected(byte[] json) {
        DecodeResult result = codec.decode(json);
        assertThat(result).as(new String(json, StandardCharsets.UTF_8)).isInstanceOf(DecodeResult.Rejected.class);
        return new Rejection(((DecodeResult.Rejected) result).error());
    }

    private record Rejection(EnvelopeError error) {

        Rejection hasCode(ErrorCode code) {
            assertThat(error.code()).as(error.message()).isEqualTo(code);
            return this;
        }

        Rejection mentions(String... parts) {
            assertThat(error.message()).contains(parts);
            return this;
        }
    }
}
