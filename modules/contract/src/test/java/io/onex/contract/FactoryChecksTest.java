package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.ContractValidationException;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerFactory.Finding;
import io.onex.host.api.HandlerFactory.NodeUse;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.core.HandlerRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader reads bindings of any registered type through its factory: the schema, the
 * development-only flag and the factory's own {@code check}, whose findings it reports at the
 * binding's line.
 */
class FactoryChecksTest {

    @TempDir
    Path folder;

    /** A plugin-like factory whose check the test scripts. */
    private record Plugin(boolean devOnly, BiFunction<HandlerBinding, List<NodeUse>, List<Finding>> checks)
            implements HandlerFactory {

        @Override
        public int spiVersion() {
            return SPI_VERSION;
        }

        @Override
        public String type() {
            return "cache";
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String summary() {
            return "a cache";
        }

        @Override
        public List<HandlerDescription.Operation> operations() {
            return List.of(new HandlerDescription.Operation("cache.get", List.of("key"), List.of(), List.of("value")));
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().requiredText("url", null).integer("ttl_seconds", 60, 1, 3_600).build();
        }

        @Override
        public List<Finding> check(HandlerBinding binding, List<NodeUse> uses, Environment environment) {
            return checks.apply(binding, uses);
        }

        @Override
        public Handler create(HandlerBinding binding, Secrets secrets) {
            throw new UnsupportedOperationException("the loader builds no handler");
        }
    }

    private Path contract(String environment, String config) {
        ContractFiles.write(folder, "nodes/reader.yaml", """
                schema_version: "1.0.0"
                name: reader
                node_type: EFFECT
                io_operations:
                  - handler: cache
                    operations: [cache.get]
                    targets: ["users/"]
                """);
        return ContractFiles.write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: test_host
                  version: "1.0.0"
                  environment: %s
                  handlers:
                    - type: cache
                      config: { %s }
                  nodes_dir: nodes
                """.formatted(environment, config));
    }

    private static LoadedContract load(HandlerFactory factory, Path file) {
        return ContractLoader.create(HandlerRegistry.of(List.of(factory)), ValueResolver.of(Map.of()),
                LoadOptions.strict()).load(file);
    }

    private static List<ContractProblem> problems(HandlerFactory factory, Path file) {
        return catchThrowableOfType(ContractValidationException.class, () -> load(factory, file)).problems();
    }

    @Test
    void aPluginsConfigIsReadAgainstItsSchemaWithDefaults() {
        Plugin plugin = new Plugin(false, (binding, uses) -> List.of());

        HandlerBinding binding = load(plugin, contract("dev", "url: \"cache://c1\"")).contract().binding("cache")
                .orElseThrow();

        assertThat(binding.config()).isEqualTo(Map.of("url", "cache://c1", "ttl_seconds", 60));
    }

    @Test
    void aPluginsBoundsAreCheckedAtTheValuesLine() {
        Plugin plugin = new Plugin(false, (binding, uses) -> List.of());

        assertThat(problems(plugin, contract("dev", "url: \"cache://c1\", ttl_seconds: 0")))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.line()).isEqualTo(8);
                    assertThat(problem.render()).contains("ttl_seconds");
                });
    }

    @Test
    void theFactorysCheckSeesTheNodesThatUseTheBindingAndItsFindingsAreReportedAtTheBindingsLine() {
        Plugin plugin = new Plugin(false, (binding, uses) -> List.of(
                Finding.error("binding '" + binding.name() + "' is used by " + uses.getFirst().node() + " with targets "
                        + uses.getFirst().targets(), List.of(), "fix it"),
                Finding.warning("just so you know", List.of(), "nothing to do")));

        List<ContractProblem> problems = problems(plugin, contract("dev", "url: \"cache://c1\""));

        assertThat(problems).extracting(ContractProblem::severity)
                .containsExactlyInAnyOrder(ContractProblem.Severity.ERROR, ContractProblem.Severity.WARNING);
        assertThat(problems).allSatisfy(problem -> assertThat(problem.line()).isEqualTo(7));
        assertThat(problems).anySatisfy(problem -> assertThat(problem.problem())
                .isEqualTo("binding 'cache' is used by reader with targets [users/]"));
    }

    @Test
    void aCheckThatThrowsIsReportedAndTheRestOfTheContractIsStillChecked() {
        Plugin plugin = new Plugin(false, (binding, uses) -> {
            throw new IllegalStateException("bug");
        });

        List<ContractProblem> problems = problems(plugin, contract("dev", "url: \"cache://c1\", tll_seconds: 5"));

        assertThat(problems).anySatisfy(problem -> assertThat(problem.problem())
                .contains("the cache handler's check of binding 'cache' failed (IllegalStateException)")
                .doesNotContain("bug"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem.render()).contains("did you mean 'ttl_seconds'"));
    }

    @Test
    void aDevelopmentOnlyTypeIsRefusedInAProdContract() {
        Plugin plugin = new Plugin(true, (binding, uses) -> List.of());

        assertThat(problems(plugin, contract("prod", "url: \"cache://c1\""))).singleElement()
                .satisfies(problem -> assertThat(problem.problem()).isEqualTo("the cache handler (binding 'cache') is"
                        + " for development and tests and is not allowed in a prod contract"));
        assertThat(load(plugin, contract("dev", "url: \"cache://c1\"")).contract().handlers()).hasSize(1);
    }
}
