package io.onex.handler.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalHandlerTest {

    private static LocalHandler handler(String transform) {
        return LocalHandler.create(HandlerBinding.of(HandlerType.of("local"), transform == null ? Map.of()
                : Map.of("transform", transform)));
    }

    private static Invocation call(String operation, Map<String, Object> payload) {
        return new Invocation(Envelope.request("echo", HandlerType.of("local"), operation, payload), "echo", "local",
                List.of());
    }

    @Test
    void echoAnswersWithThePayload() {
        Map<String, Object> payload = Map.of("hi", 1, "nested", Map.of("a", List.of(1, "b")));
        assertThat(handler(null).execute(call("local.echo", payload))).isEqualTo(payload);
    }

    @Test
    void echoOfNoPayloadIsAnEmptyObject() {
        assertThat(handler(null).execute(call("local.echo", null))).isEmpty();
    }

    @Test
    void transformUpperCasesEveryStringByDefault() {
        Map<String, Object> result = handler(null).execute(call("local.transform",
                Map.of("name", "ada", "tags", List.of("x", 2), "inner", Map.of("k", "v"), "n", 3)));
        assertThat(result).isEqualTo(Map.of("name", "ADA", "tags", List.of("X", 2), "inner", Map.of("k", "V"), "n", 3));
    }

    @Test
    void transformFollowsTheBindingsConfiguration() {
        assertThat(handler("lowercase").execute(call("local.transform", Map.of("a", "LoUd")))).isEqualTo(Map.of("a", "loud"));
        assertThat(handler("reverse").execute(call("local.transform", Map.of("a", "abc")))).isEqualTo(Map.of("a", "cba"));
    }

    @Test
    void anUnknownTransformIsAConfigurationError() {
        assertThatThrownBy(() -> handler("sideways")).isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("uppercase, lowercase or reverse");
    }

    @Test
    void errorFailsWithTheRequestedCodeAndMessage() {
        for (ErrorCode code : Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.CONTRACT_VALIDATION_ERROR).toList()) {
            assertThatThrownBy(() -> handler(null).execute(call("local.error", Map.of("code", code.name(), "message", "boom"))))
                    .isInstanceOf(OnexException.class)
                    .satisfies(e -> assertThat(((OnexException) e).code()).isEqualTo(code))
                    .hasMessage("boom");
        }
    }

    @Test
    void errorWithoutACodeIsAnExecutionError() {
        assertThatThrownBy(() -> handler(null).execute(call("local.error", Map.of())))
                .isInstanceOf(OnexException.class)
                .satisfies(e -> assertThat(((OnexException) e).code()).isEqualTo(ErrorCode.HANDLER_EXECUTION_ERROR));
    }

    @Test
    void errorWithAnUnknownCodeIsAValidationError() {
        assertThatThrownBy(() -> handler(null).execute(call("local.error", Map.of("code", "OOPS"))))
                .isInstanceOf(EnvelopeValidationException.class).hasMessageContaining("OOPS");
    }

    @Test
    void healthSaysItIsForDevelopmentAndTestsOnly() {
        assertThat(handler(null).health().healthy()).isTrue();
        assertThat(handler(null).health().details()).containsEntry("dev_test_only", true);
    }

    @Test
    void itsFactoryListsItsThreeOperationsAndIsForDevelopmentOnly() {
        assertThat(new LocalHandlerFactory().devOnly()).isTrue();
        assertThat(new LocalHandlerFactory().operations()).extracting(op -> op.name())
                .containsExactly("local.echo", "local.transform", "local.error");
    }
}
