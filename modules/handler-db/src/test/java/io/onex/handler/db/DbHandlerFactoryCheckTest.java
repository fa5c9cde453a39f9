package io.onex.handler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.contract.ContractLoader;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
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
 * A db binding's node_roles against the nodes that use it: {@link DbHandlerFactory#check}, driven
 * through the contract loader, which reports its findings at the binding's line.
 */
class DbHandlerFactoryCheckTest {

    private static final HandlerRegistry HANDLERS = HandlerRegistry.of(List.of(new DbHandlerFactory()));

    @TempDir
    Path folder;

    private Path contract(String environment, String nodeRoles) {
        write(folder, "nodes/reader.yaml", node("reader"));
        write(folder, "nodes/writer.yaml", node("writer"));
        return write(folder, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: test_host
                  version: "1.0.0"
                  environment: %s
                  event_bus: { kind: inmemory }
                  handlers:
                    - type: db
                      name: shop_db
                      config:
                        url: "r2dbc:postgresql://app@db.internal:5432/shop"
                        password: { secret_ref: "env:SHOP_DB_PASSWORD" }
                %s
                  nodes_dir: nodes
                """.formatted(environment, nodeRoles));
    }

    private static Path write(Path folder, String name, String text) {
        try {
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String node(String name) {
        return """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                io_operations:
                  - handler: shop_db
                    operations: [db.query]
                """.formatted(name);
    }

    private static LoadedContract load(Path file) {
        return ContractLoader.create(HANDLERS, ValueResolver.of(Map.of()), LoadOptions.strict()).load(file);
    }

    @Test
    void aSharedBindingWithoutRolesIsAWarningInProd() {
        List<ContractProblem> warnings = load(contract("prod", "")).warnings();
        assertThat(warnings).singleElement().satisfies(warning -> assertThat(warning.problem())
                .contains("db binding 'shop_db' is shared by nodes [reader, writer] and sets no node_roles"));
        assertThat(load(contract("dev", "")).warnings()).isEmpty();
    }

    @Test
    void rolesForEveryNodeLoadWithoutWarnings() {
        LoadedContract loaded = load(contract("prod", "        node_roles: { reader: shop_reader, writer: shop_writer }"));
        assertThat(loaded.warnings()).isEmpty();
        assertThat(loaded.contract().binding("shop_db").orElseThrow().config().get("node_roles"))
                .isEqualTo(Map.of("reader", "shop_reader", "writer", "shop_writer"));
    }

    @Test
    void aNodeWithoutARoleAndARoleWithoutANodeAreErrors() {
        Path file = contract("prod", "        node_roles: { reader: shop_reader, writter: shop_writer }");
        String problems = catchThrowableOfType(ContractValidationException.class, () -> load(file)).getMessage();
        assertThat(problems).contains("node 'writer' uses db binding 'shop_db', whose node_roles gives it no role")
                .contains("names node 'writter', which does not use db binding 'shop_db'");
        // At the binding's line (its "name:"), not the handlers list's.
        assertThat(catchThrowableOfType(ContractValidationException.class, () -> load(file)).problems())
                .allSatisfy(problem -> assertThat(problem.line()).isEqualTo(9));
    }
}
