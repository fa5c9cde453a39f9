package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.onex.contract.ContractLoader;
import io.onex.contract.ContractSchemas;
import io.onex.contract.LoadOptions;
import io.onex.contract.LoadedContract;
import io.onex.contract.ValueResolver;
import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.HostedNode;
import io.onex.host.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The JSON Schema of contracts, as {@code ./onex-host schema runtime|node} prints it through the
 * real launcher, checked with an independent validator (networknt's json-schema-validator):
 * every contract under examples/ and every contract of the loader's good fixtures validates, and
 * contracts the loader refuses are refused by the schema too.
 */
class ContractSchemaIT {

    private static final Path EXAMPLES = Launcher.HOME.resolve("examples");
    private static final Path SCHEMA_FILES = Launcher.HOME.resolve("docs/schema");
    private static final Path GOOD_FIXTURES = Launcher.HOME.resolve(
            "modules/contract/src/test/resources/contracts/good");
    private static final Pattern SCHEMA_LINE = Pattern.compile("# yaml-language-server: \\$schema=(\\S+)");
    /** Only the draft 2020-12 dialect: a document that claims another one fails to load. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012());
    /** YAML 1.2 core schema, with merge keys, like the loader; ${VAR} stays text. */
    private static final LoadSettings YAML = LoadSettings.builder().setSchema(new CoreSchema()).build();

    private static final Map<String, String> EMITTED = new LinkedHashMap<>();
    private static final Map<String, Schema> SCHEMAS = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void emitTheSchemas() throws Exception {
        for (String kind : ContractSchemas.KINDS) {
            Launcher.Result result = Launcher.run("schema", kind);
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).isEmpty();
            EMITTED.put(kind, result.stdout());
            SCHEMAS.put(kind, schema(result.stdout(), SCHEMA_FILES.resolve(ContractSchemas.fileName(kind))));
        }
    }

    @Test
    void aMissingOrUnknownKindIsAUsageErrorThatSuggestsWhatWasMeant() throws Exception {
        Launcher.Result missing = Launcher.run("schema");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stdout()).isEmpty();
        assertThat(missing.stderr()).contains("onex-host: Missing required parameter: 'KIND'",
                "usage: onex-host schema", "runtime", "node");

        Launcher.Result typo = Launcher.run("schema", "rutnime");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stdout()).isEmpty();
        assertThat(typo.stderr()).contains("unknown schema kind 'rutnime'; kinds: runtime, node",
                "did you mean 'runtime'?", "usage: onex-host schema");

        Launcher.Result nothingClose = Launcher.run("schema", "handlers");
        assertThat(nothingClose.exitCode()).isEqualTo(2);
        assertThat(nothingClose.stderr()).contains("unknown schema kind 'handlers'").doesNotContain("did you mean");
    }

    @Test
    void theHelpAndTheShellCompletionOfferTheCommandAndItsKinds() throws Exception {
        Launcher.Result help = Launcher.run("help");
        assertThat(help.stdout()).contains("schema", "print the JSON Schema (draft 2020-12)");
        Launcher.Result completion = Launcher.run("completion");
        assertThat(completion.exitCode()).as(completion.stderr()).isZero();
        Path script = Launcher.write(dir, "onex-host.bash", completion.stdout());
        Process bash = new ProcessBuilder("bash", "-c", """
                source "$1"
                complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
                  _complete_onex-host 2>/dev/null; echo "$*: ${COMPREPLY[*]}"; }
                complete_words onex-host sch
                complete_words onex-host schema ''
                """, "bash", script.toString()).redirectErrorStream(true).start();
        bash.getOutputStream().close();
        String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(out.lines()).contains("onex-host sch: schema", "onex-host schema : runtime node");
    }

    @Test
    void theEmittedDocumentsAreValidDraft202012Schemas() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of(Dialects.getDraft202012().getId()));
        for (Map.Entry<String, String> emitted : EMITTED.entrySet()) {
            assertThat(metaSchema.validate(emitted.getValue(), InputFormat.JSON)).as(emitted.getKey()).isEmpty();
            assertThat(emitted.getValue()).as(emitted.getKey())
                    .startsWith("{\n  \"$schema\" : \"https://json-schema.org/draft/2020-12/schema\",").endsWith("}\n");
        }
    }

    @Test
    void theCommittedSchemaFilesAreWhatTheCommandPrints() throws IOException {
        for (Map.Entry<String, String> emitted : EMITTED.entrySet()) {
            String file = "docs/schema/" + ContractSchemas.fileName(emitted.getKey());
            assertThat(Files.readString(Launcher.HOME.resolve(file)))
                    .as(file + " is stale; regenerate it with: ./onex-host schema " + emitted.getKey() + " > " + file)
                    .isEqualTo(emitted.getValue());
        }
    }

    @Test
    void everyExampleContractNamesItsSchemaOnItsFirstLineAndValidates() throws IOException {
        List<Path> contracts = contractsUnder(EXAMPLES);
        assertThat(contracts).hasSizeGreaterThanOrEqualTo(15);
        for (Path contract : contracts) {
            String kind = kindOf(contract);
            String firstLine = Files.readString(contract).lines().findFirst().orElse("");
            Matcher line = SCHEMA_LINE.matcher(firstLine);
            assertThat(line.matches()).as(contract + " starts with '# yaml-language-server: $schema=...'").isTrue();
            Path named = contract.getParent().resolve(line.group(1)).normalize();
            assertThat(named.getFileName()).as(contract + " names the " + kind + " schema")
                    .hasToString(ContractSchemas.fileName(kind));
            assertThat(named).as(contract + " names " + named + ", which does not exist: generate it with the"
                    + " schema command of the host that runs the contract (onex-host schema " + kind + " > FILE, or"
                    + " the example's own launcher) and commit it").isRegularFile();
            assertValid(contract, named.getParent().equals(SCHEMA_FILES) ? SCHEMAS.get(kind)
                    : schema(Files.readString(named), named));
        }
    }

    @Test
    void everyContractTheLoaderAcceptsAmongItsGoodFixturesValidates() throws IOException {
        List<Path> runtimeContracts = contractsUnder(GOOD_FIXTURES).stream()
                .filter(path -> kindOf(path).equals(ContractSchemas.RUNTIME)).toList();
        assertThat(runtimeContracts).hasSizeGreaterThanOrEqualTo(4);
        int nodes = 0;
        for (Path runtime : runtimeContracts) {
            LoadedContract loaded = load(runtime);
            assertValid(runtime, SCHEMAS.get(ContractSchemas.RUNTIME));
            for (HostedNode node : loaded.contract().nodes()) {
                assertValid(node.contract().source(), SCHEMAS.get(ContractSchemas.NODE));
                nodes++;
            }
        }
        assertThat(nodes).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aPlaceholderOrAnEmptyValueIsAcceptedWhereTheLoaderAcceptsIt() {
        Path runtime = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: placeholders
                  version: 1.10
                  environment: "${ENVIRONMENT}"
                  handlers:
                    - type: http
                      enabled: ${HTTP_ENABLED}
                      timeout_ms: "${HTTP_TIMEOUT_MS}"
                      config: { base_url: "${API_URL}", follow_redirects: "${REDIRECTS}", health_path: }
                    - type: local
                      config:
                  nodes:
                  shutdown:
                  health: { enabled: true, port: "${PORT}", host: }
                """);
        assertThat(errors(runtime, SCHEMAS.get(ContractSchemas.RUNTIME))).isEmpty();
        LoadedContract loaded = ContractLoader.create(BuiltIns.registry(), ValueResolver.of(Map.of("ENVIRONMENT", "staging",
                "HTTP_ENABLED", "false", "HTTP_TIMEOUT_MS", "250", "API_URL", "http://127.0.0.1:1",
                "REDIRECTS", "never", "PORT", "0")), LoadOptions.strict()).load(runtime);
        assertThat(loaded.contract().binding("http").orElseThrow().enabled()).isFalse();
    }

    @Test
    void everyBadFixtureTheSchemaCanSeeIsRefusedAndTheRestAreLeftToTheLoader() throws IOException {
        Path bad = Launcher.HOME.resolve("modules/contract/src/test/resources/contracts/bad");
        // Rules no JSON Schema of one file can check; the loader checks them (ContractLoaderBadContractsTest).
        Map<String, String> loaderOnly = new LinkedHashMap<>();
        for (String rule : List.of("yaml_syntax_error", "node_yaml_syntax_error", "top_level_not_mapping",
                "empty_file", "duplicate_yaml_key", "bad_merge_key", "self_merge", "file_missing")) {
            loaderOnly.put(rule, "YAML itself, which an editor's YAML parser reports");
        }
        for (String rule : List.of("pause_threshold_above_max", "retry_max_delay_below_base",
                "breaker_window_below_threshold")) {
            loaderOnly.put(rule, "two values compared");
        }
        for (String rule : List.of("duplicate_binding_names", "duplicate_node_slugs",
                "duplicate_node_names_in_nodes_dir", "node_binding_listed_twice", "node_operation_listed_twice")) {
            loaderOnly.put(rule, "uniqueness across entries or files");
        }
        for (String rule : List.of("code_node_without_operations", "node_operations_without_code")) {
            loaderOnly.put(rule, "a key that another key's value requires or forbids");
        }
        loaderOnly.put("config_ref_unknown_key", "YAML of a config_ref file, which is not a contract");
        for (String rule : List.of("node_contract_missing", "nodes_dir_missing", "config_ref_missing",
                "node_unknown_binding")) {
            loaderOnly.put(rule, "another file");
        }
        for (String rule : List.of("db_url_with_credentials", "db_url_wrong_scheme", "http_base_url_not_a_url",
                "secret_header_without_base_url")) {
            loaderOnly.put(rule, "a handler's own check");
        }
        for (String rule : List.of("unset_variable", "unterminated_placeholder")) {
            loaderOnly.put(rule, "a placeholder's value");
        }
        int refused = 0;
        for (String row : Files.readAllLines(bad.resolve("expected-errors.csv"))) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] cells = row.split("\\|");
            String rule = cells[0].strip();
            Path file = bad.resolve(rule).resolve(cells[1].strip());
            if (loaderOnly.containsKey(rule)) {
                if (!loaderOnly.get(rule).startsWith("YAML")) { // the YAML cases are not validated at all
                    assertThat(errors(file, SCHEMAS.get(kindOf(file)))).as(rule + " (" + loaderOnly.get(rule)
                            + ") passes the schema; if it no longer does, take it off the list").isEmpty();
                }
                continue;
            }
            assertThat(errors(file, SCHEMAS.get(kindOf(file)))).as(rule + ": " + file).isNotEmpty();
            refused++;
        }
        assertThat(refused).isGreaterThanOrEqualTo(30);
    }

    /**
     * Each row: what is wrong; the runtime contract's handlers; a line added at its top level, or
     * prod for its environment; the operations of the node contract's one io_operations entry, or
     * COMPUTE for a COMPUTE node with one; and what the validator's errors name.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            an unknown top-level key       | - type: local                                        | extra: true | -                | extra
            an unknown config key          | - type: http\\nconfig: { base_urll: 'https://a.example' } | -  | -                | base_urll
            a wrong type                   | - type: local\\ntimeout_ms: soon                     | -           | -                | timeout_ms
            an unknown handler type        | - type: htp                                          | -           | -                | type
            a plaintext secret             | - type: db\\nconfig: { url: 'r2dbc:postgresql://db/x', password: hunter2 } | - | - | password
            a missing required config key  | - type: vault                                        | -           | -                | 'config'
            a dev-only handler in prod     | - type: local                                        | prod        | -                | type
            an unknown operation in a node | - type: http                                         | -           | [http.fetch]     | operations
            a COMPUTE node with I/O        | - type: http                                         | -           | COMPUTE          | io_operations
            """)
    void aContractTheLoaderRefusesIsRefusedByTheSchema(String what, String handlers, String extra, String io,
            String named) throws IOException {
        boolean prod = extra.equals("prod");
        boolean compute = io.equals("COMPUTE");
        Path node = Launcher.write(dir, "nodes/worker.yaml", """
                schema_version: "1.0.0"
                name: worker
                node_type: %s
                io_operations:
                  %s
                """.formatted(compute ? "COMPUTE" : "EFFECT",
                io.equals("-") ? "[]" : "- { handler: http, operations: " + (compute ? "[http.get]" : io) + " }"));
        Path runtime = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: refused
                  version: "1.0.0"
                  environment: %s
                  handlers:
                    %s
                  nodes: [{ contract: nodes/worker.yaml }]
                %s""".formatted(prod ? "prod" : "dev", handlers.replace("\\n", "\n      "),
                extra.equals("-") || prod ? "" : extra + "\n"));
        assertThatThrownBy(() -> load(runtime)).as(what + ": the loader refuses it")
                .isInstanceOf(ContractValidationException.class);
        boolean nodeIsWrong = !io.equals("-");
        Path wrong = nodeIsWrong ? node : runtime;
        List<Error> errors = errors(wrong, SCHEMAS.get(nodeIsWrong ? ContractSchemas.NODE : ContractSchemas.RUNTIME));
        assertThat(errors).as(what).isNotEmpty();
        assertThat(errors.toString()).as(what).contains(named);
        assertThat(errors(nodeIsWrong ? runtime : node, SCHEMAS.get(nodeIsWrong ? ContractSchemas.RUNTIME
                : ContractSchemas.NODE))).as(what + ": the other contract is fine").isEmpty();
    }

    /**
     * Returns the schema {@code json}, read as if from {@code location}: its {@code $id} is relative
     * (runtime.schema.json), as editors resolve it beside the file.
     */
    private static Schema schema(String json, Path location) {
        String uri = location.toUri().toString();
        return SchemaRegistry.withDialect(Dialects.getDraft202012(), builder -> builder.schemas(Map.of(uri, json)))
                .getSchema(SchemaLocation.of(uri));
    }

    private static LoadedContract load(Path runtime) {
        return ContractLoader.create(BuiltIns.registry(), ValueResolver.of(Map.of()), new LoadOptions(false, true)).load(runtime);
    }

    private static void assertValid(Path contract, Schema schema) {
        assertThat(errors(contract, schema)).as(contract.toString()).isEmpty();
    }

    /** Validates a YAML contract: read into plain maps and lists, written as JSON, then validated. */
    private static List<Error> errors(Path contract, Schema schema) {
        try {
            Object value = new Load(YAML).loadFromString(Files.readString(contract));
            return schema.validate(Json.write(value), InputFormat.JSON);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + contract, e);
        }
    }

    /** Returns every YAML file under {@code root} that is a contract: it has a schema_version. */
    private static List<Path> contractsUnder(Path root) throws IOException {
        List<Path> contracts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"))
                        && !root.relativize(file).toString().contains("target/")
                        && topLevel(file).containsKey("schema_version")) {
                    contracts.add(file);
                }
            }
        }
        return contracts;
    }

    private static String kindOf(Path contract) {
        return topLevel(contract).containsKey("runtime") ? ContractSchemas.RUNTIME : ContractSchemas.NODE;
    }

    private static Map<?, ?> topLevel(Path file) {
        try {
            return new Load(YAML).loadFromString(Files.readString(file)) instanceof Map<?, ?> map ? map : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // not YAML, or not a mapping: not a contract
        }
    }
}
