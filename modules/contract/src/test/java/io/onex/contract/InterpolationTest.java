package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ${VAR} placeholders are resolved once, at load time, in any text of a contract. */
class InterpolationTest {

    private static final ValueResolver VARIABLES = ValueResolver.of(Map.of(
            "API_HOST", "api.internal", "API_PORT", "8443", "PORT", "9091", "STRICT", "true", "TOKEN", "plaintext"));

    @TempDir
    Path folder;

    private HandlerBinding httpBinding(String config) {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: http
                      config: %s
                """.formatted(config));
        return ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract).contract().binding("http")
                .orElseThrow();
    }

    @Test
    void aPlaceholderInsideTextIsReplacedWhereItStands() {
        assertThat(httpBinding("{ base_url: \"http://${API_HOST}:${API_PORT}/v1\" }").config())
                .containsEntry("base_url", "http://api.internal:8443/v1");
    }

    @Test
    void aDoubledDollarWritesALiteralPlaceholder() {
        assertThat(httpBinding("{ default_headers: { X-Template: \"$${API_HOST} is ${API_HOST}\" } }").config())
                .containsEntry("default_headers", Map.of("X-Template", "${API_HOST} is api.internal"));
    }

    @Test
    void aNumberOrBooleanMayComeFromAPlaceholder() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: http
                      config: { fail_on_5xx: "${STRICT}" }
                  health:
                    port: ${PORT}
                """);

        var loaded = ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract).contract();

        assertThat(loaded.health().port()).isEqualTo(9091);
        assertThat(loaded.binding("http").orElseThrow().config()).containsEntry("fail_on_5xx", true);
    }

    @Test
    void aPlaceholderThatResolvesToTheWrongTypeIsAnError() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: http }]
                  health: { port: "${API_HOST}" }
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).singleElement().extracting(ContractProblem::problem).asString()
                .contains("runtime.health.port must be a whole number, but its placeholder resolves to");
    }

    @Test
    void aSecretReferenceIsNeverInterpolated() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: vault
                      config: { address: "https://${API_HOST}", token: { secret_ref: "vault/${TOKEN}#token" } }
                """);

        var vault = ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract).contract().binding("vault")
                .orElseThrow();

        assertThat(vault.config()).containsEntry("token", new SecretRef("vault/${TOKEN}#token"))
                .containsEntry("address", "https://api.internal");
    }

    @Test
    void aPlaceholderWithAnInvalidNameIsAnError() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: http
                      config: { base_url: "http://${API-HOST}" }
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.problem()).isEqualTo("'${API-HOST}' is not a valid placeholder");
        });
    }

    @Test
    void anUnsetVariableIsNamedWithItsLine() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: http
                      config: { base_url: "http://${NOT_SET_ANYWHERE}:80" }
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(contract);
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.problem()).isEqualTo("variable ${NOT_SET_ANYWHERE} is not set");
        });
    }
}
