package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.core.HandlerRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binding of a built-in handler type that the host's composition leaves out (a distribution
 * smaller than the full host) is told so, at the type's line, with the reason the composition
 * gives; any other unknown type is only "unknown".
 */
class LeftOutHandlerTypeTest {

    private static final String WHY = "the http-kafka distribution of the host does not include it (module"
            + " io.onex.handler.db is not linked)";

    @TempDir
    Path folder;

    private Path contract(String type) {
        return ContractFiles.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: test_host
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: %s
                """.formatted(type));
    }

    private static List<String> problems(HandlerRegistry registry, Path file) {
        return catchThrowableOfType(ContractValidationException.class, () -> ContractLoader.create(registry,
                ValueResolver.of(Map.of()), LoadOptions.strict()).load(file)).problems().stream()
                .map(problem -> problem.line() + ": " + problem.problem()).toList();
    }

    @Test
    void aBuiltInTypeThatIsLeftOutIsToldWhy() {
        HandlerRegistry registry = HandlerRegistry.of(List.of()).withLeftOut(Map.of("db", WHY));

        assertThat(problems(registry, contract("db"))).contains("7: unknown handler type 'db'",
                "7: handler type 'db' is built in, but " + WHY);
        assertThat(registry.leftOut("db")).contains(WHY);
        assertThat(registry.withNodes(Map.of()).leftOut("db")).as("kept with node code").contains(WHY);
    }

    @Test
    void anUnknownTypeOrAFullHostGetsNoDistributionMessage() {
        HandlerRegistry registry = HandlerRegistry.of(List.of()).withLeftOut(Map.of("db", WHY));

        assertThat(problems(registry, contract("dbx"))).noneMatch(problem -> problem.contains("distribution"));
        assertThat(problems(HandlerRegistry.of(List.of()), contract("db")))
                .noneMatch(problem -> problem.contains("distribution"));
    }
}
