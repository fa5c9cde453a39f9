package io.onex.handler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.ValueResolver;
import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.core.HandlerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret default headers need a home: {@link HttpHandlerFactory#check}, driven through the contract
 * loader, which reports its finding at the binding's line.
 */
class HttpHandlerFactoryCheckTest {

    private static final HandlerRegistry HANDLERS = HandlerRegistry.of(List.of(new HttpHandlerFactory()));

    @TempDir
    Path folder;

    private Path contract(String baseUrl, String roamerTargets) {
        write("nodes/fenced.yaml", """
                schema_version: "1.0.0"
                name: fenced
                node_type: EFFECT
                io_operations:
                  - handler: partner_api
                    operations: [http.get]
                    targets: ["https://partner.example.com/v1"]
                """);
        write("nodes/roamer.yaml", """
                schema_version: "1.0.0"
                name: roamer
                node_type: EFFECT
                io_operations:
                  - handler: partner_api
                    operations: [http.get]
                %s
                """.formatted(roamerTargets));
        return write("runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: bad_example
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: http
                      name: partner_api
                      config:
                        default_headers:
                          Authorization: { secret_ref: "env:PARTNER_TOKEN" }
                %s
                  nodes:
                    - contract: nodes/fenced.yaml
                    - contract: nodes/roamer.yaml
                """.formatted(baseUrl));
    }

    private Path write(String name, String text) {
        try {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ContractLoader loader() {
        return ContractLoader.create(HANDLERS, ValueResolver.of(Map.of()), LoadOptions.strict());
    }

    @Test
    void secretDefaultHeadersWithoutBaseUrlAndANodeWithoutTargetsAreRefusedAtTheBindingsLine() {
        Path file = contract("", "");

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> loader().load(file));

        assertThat(failure.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(ContractProblem.Severity.ERROR);
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.render()).contains("has secret default_headers (Authorization) but no base_url,"
                    + " and node(s) 'roamer'");
        });
    }

    @Test
    void aBaseUrlGivesTheSecretHeadersAHome() {
        assertThat(loader().load(contract("        base_url: https://partner.example.com", "")).warnings())
                .isEmpty();
    }

    @Test
    void targetsOnEveryNodeBoundWhereTheSecretMayGo() {
        assertThat(loader().load(contract("", "    targets: [\"https://partner.example.com/v2\"]")).warnings())
                .isEmpty();
    }
}
