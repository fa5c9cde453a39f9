package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.ContractProblem.Severity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How LoadOptions change what is an error, and how problems are collected and reported. */
class ContractLoaderOptionsTest {

    private static final Path BAD = ContractLoaderBadContractsTest.BAD;
    private static final ValueResolver NO_VARIABLES = ValueResolver.of(Map.of());

    @TempDir
    Path folder;

    @Test
    void lenientLoadingTurnsAnUnknownFieldIntoAWarning() {
        LoadedContract loaded = ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict().withLenient(true))
                .load(BAD.resolve("unknown_field/runtime.yaml"));

        assertThat(loaded.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.severity()).isEqualTo(Severity.WARNING);
            assertThat(warning.line()).isEqualTo(8);
            assertThat(warning.problem()).contains("unknown field 'timout_ms'").contains("it is ignored");
        });
        assertThat(loaded.contract().binding("http").orElseThrow().timeout()).isEmpty();
    }

    @Test
    void lenientLoadingStillRejectsAPlaintextSecretUnderAnUnknownKey() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers:
                    - type: http
                      config:
                        api_token: abc123
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict().withLenient(true)).load(contract));

        assertThat(failure.problems()).extracting(ContractProblem::severity)
                .containsExactly(Severity.WARNING, Severity.ERROR);
        assertThat(failure.problems().get(1).problem()).contains("api_token holds a plaintext value")
                .doesNotContain("abc123");
    }

    @Test
    void validateOnlyTurnsAnUnsetVariableIntoAWarningAndKeepsTheTextAsWritten() {
        LoadedContract loaded = ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict().withValidateOnly(true))
                .load(BAD.resolve("unset_variable/runtime.yaml"));

        assertThat(loaded.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.line()).isEqualTo(9);
            assertThat(warning.problem()).contains("${ONEX_TEST_UNSET_BOOTSTRAP} is not set");
        });
        assertThat(loaded.contract().eventBus().config())
                .containsEntry("bootstrap_servers", "${ONEX_TEST_UNSET_BOOTSTRAP}");
    }

    @Test
    void validateOnlyFallsBackToTheDefaultOfANumberWrittenAsAnUnsetVariable() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: http }]
                  health: { port: "${HEALTH_PORT}" }
                """);

        LoadedContract loaded = ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict().withValidateOnly(true))
                .load(contract);

        assertThat(loaded.contract().health().port()).isEqualTo(8080);
        assertThat(loaded.warnings()).singleElement().extracting(ContractProblem::line).isEqualTo(7);
    }

    @Test
    void validateOnlyCannotCheckARequiredChoiceThatComesFromAnUnsetVariable() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: test_host
                  version: "1.0.0"
                  environment: ${ONEX_ENVIRONMENT}
                  handlers: [{ type: http }]
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict().withValidateOnly(true)).load(contract));

        assertThat(failure.problems()).filteredOn(p -> p.severity() == Severity.ERROR).singleElement()
                .satisfies(error -> assertThat(error.problem()).contains("runtime.environment cannot be checked"));
    }

    @Test
    void everyErrorOfAFileIsReportedAtOnceInLineOrder() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: Test Host
                  version: "1.0.0"
                  environment: dve
                  colour: blue
                  handlers:
                    - type: htp
                    - type: http
                      timeout_ms: -1
                  shutdown: { grace_seconds: 4000 }
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.code()).isEqualTo(ErrorCode.CONTRACT_VALIDATION_ERROR);
        assertThat(failure.problems()).extracting(ContractProblem::line).containsExactly(3, 5, 6, 8, 10, 11);
        assertThat(failure.problems()).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(contract));
        assertThat(failure.getMessage()).contains("did you mean 'dev'?").contains("did you mean 'http'?")
                .contains("unknown field 'colour'").contains("grace_seconds must be between 0 and 3600");
    }

    @Test
    void errorsOfTheRuntimeContractAndItsNodeContractsComeTogether() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: htp }]
                  nodes: [{ contract: node.yaml }]
                """);
        Path node = ContractFiles.write(folder, "node.yaml", """
                schema_version: "1.0.0"
                name: node
                node_type: EFECT
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).extracting(ContractProblem::file).containsExactly(contract, node);
    }

    @Test
    void aBindingOfAnUnknownTypeDoesNotMakeTheNodesThatUseItFail() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: htp, name: api }]
                  nodes: [{ contract: node.yaml }]
                """);
        ContractFiles.write(folder, "node.yaml", """
                schema_version: "1.0.0"
                name: node
                node_type: EFFECT
                io_operations: [{ handler: api, operations: [http.get] }]
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).singleElement().satisfies(p -> assertThat(p.problem()).contains("'htp'"));
    }

    @Test
    void aDisabledBindingCanStillBeNamedByANode() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: http, enabled: false }]
                  nodes: [{ contract: node.yaml }]
                """);
        ContractFiles.write(folder, "node.yaml", """
                schema_version: "1.0.0"
                name: node
                node_type: EFFECT
                io_operations: [{ handler: http, operations: [http.get] }]
                """);

        LoadedContract loaded = ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict()).load(contract);

        assertThat(loaded.contract().nodes()).singleElement().extracting(n -> n.slug()).isEqualTo("node");
    }

    @Test
    void aNodeContractHostedUnderTwoSlugsIsReadAndReportedOnce() {
        Path contract = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + """
                  handlers: [{ type: http }]
                  nodes:
                    - { contract: node.yaml, slug: first }
                    - { contract: ./node.yaml, slug: second }
                """);
        ContractFiles.write(folder, "node.yaml", """
                schema_version: "1.0.0"
                name: node
                node_type: EFFECT
                colour: blue
                """);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict()).load(contract));

        assertThat(failure.problems()).singleElement().satisfies(p -> assertThat(p.problem()).contains("'colour'"));
    }

    @Test
    void theRenderedErrorNamesFileLineColumnProblemChoicesAndFix() {
        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), NO_VARIABLES, LoadOptions.strict())
                        .load(BAD.resolve("unknown_handler_type/runtime.yaml")));

        assertThat(failure.getMessage()).isEqualTo(BAD.resolve("unknown_handler_type/runtime.yaml") + """
                :7:13: error: unknown handler type 'htp'; did you mean 'http'?
                  valid choices: local, http, db, vault, consul
                  fix: set type to one of the valid choices""");
    }
}
