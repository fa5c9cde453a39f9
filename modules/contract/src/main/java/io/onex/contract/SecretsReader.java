package io.onex.contract;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import io.onex.host.api.contract.SecretsSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code runtime.secrets}: the order in which {@code "path#key"} references are looked up,
 * the cache lifetime, the secret volume folder and the Vault source. Without a
 * {@code secrets.vault} section the Vault source comes from the first enabled vault handler
 * binding, so a contract that binds Vault once does not have to repeat its address.
 */
final class SecretsReader {

    static final List<String> SECRETS_KEYS = List.of("sources", "cache_ttl_seconds", "files_dir", "vault");
    static final List<String> SOURCE_NAMES = List.of("vault", "env", "file");
    static final String ORIGIN = "runtime.secrets.vault";
    /**
     * The binding type whose binding, when the contract has no {@code secrets.vault} section, also
     * serves as the Vault secret source (SPEC: secrets). Its config has the keys of {@link #VAULT}.
     * This is a rule of the contract format about a type name; the loader does not know the
     * handler itself.
     */
    static final String VAULT_BINDING_TYPE = "vault";

    /** The settings of the Vault secret source, {@code runtime.secrets.vault}. */
    static final ConfigSchema VAULT = ConfigSchema.builder()
            .requiredText("address", ConfigChecks.httpUrl("https://vault.example.com:8200"))
            .doc("Vault's address, e.g. https://vault.example.com:8200")
            .secret("token").doc("where the Vault token lives: an env: or file: secret reference")
            .text("namespace", null).doc("Vault Enterprise namespace")
            .text("kv_mount", "secret").doc("the KV v2 mount references are relative to")
            .integer("open_timeout_ms", 5_000, 1).doc("how long to wait for a connection to Vault")
            .integer("read_timeout_ms", 5_000, 1).doc("how long each request may wait for Vault's answer")
            .build();

    private final LoadContext context;

    SecretsReader(LoadContext context) {
        this.context = context;
    }

    SecretsSpec read(Fields runtime, List<HandlerBinding> bindings) {
        Optional<Fields> section = runtime.mapping("secrets", SECRETS_KEYS);
        if (section.isEmpty()) {
            return new SecretsSpec(SecretsSpec.DEFAULT_ORDER, SecretsSpec.DEFAULT_CACHE_TTL,
                    SecretsSpec.DEFAULT_FILES_DIRECTORY, fromBinding(bindings));
        }
        Fields secrets = section.get();
        List<SecretRef.Source> order = order(secrets);
        int ttl = secrets.integer("cache_ttl_seconds", (int) SecretsSpec.DEFAULT_CACHE_TTL.toSeconds(), 0, 86_400);
        Path files = filesDirectory(secrets);
        Optional<SecretsSpec.VaultSource> vault = secrets.mapping("vault", ConfigReader.keys(VAULT))
                .flatMap(this::vault);
        if (secrets.keyNode("vault").isEmpty()) {
            vault = fromBinding(bindings);
        }
        secrets.finish();
        return new SecretsSpec(order, Duration.ofSeconds(ttl), files, vault);
    }

    private List<SecretRef.Source> order(Fields secrets) {
        Optional<Node> where = secrets.keyNode("sources");
        List<String> names = secrets.strings("sources", "sources: [vault, env, file]");
        if (where.isEmpty()) {
            return SecretsSpec.DEFAULT_ORDER;
        }
        List<SecretRef.Source> order = new ArrayList<>();
        for (String name : names) {
            if (!SOURCE_NAMES.contains(name)) {
                context.problems().error(where.get(), "runtime.secrets.sources names an unknown source '" + name + "'",
                        SOURCE_NAMES, "list some of vault, env and file, in the order they are tried");
                continue;
            }
            SecretRef.Source source = SecretRef.Source.valueOf(name.toUpperCase(Locale.ROOT));
            if (order.contains(source)) {
                context.problems().error(where.get(), "runtime.secrets.sources names '" + name + "' twice",
                        SOURCE_NAMES, "name each source at most once");
            } else {
                order.add(source);
            }
        }
        if (order.isEmpty()) {
            context.problems().error(where.get(), "runtime.secrets.sources names no source", SOURCE_NAMES,
                    "write sources: [vault, env, file], or leave the key out for that default");
            return SecretsSpec.DEFAULT_ORDER;
        }
        return order;
    }

    private Path filesDirectory(Fields secrets) {
        Optional<Node> where = secrets.keyNode("files_dir");
        Optional<String> text = secrets.string("files_dir");
        if (text.isEmpty() || where.isEmpty()) {
            return SecretsSpec.DEFAULT_FILES_DIRECTORY;
        }
        if (!text.get().startsWith("/")) {
            context.problems().error(where.get(), "runtime.secrets.files_dir must be an absolute path",
                    List.of(), "write files_dir: " + SecretsSpec.DEFAULT_FILES_DIRECTORY);
            return SecretsSpec.DEFAULT_FILES_DIRECTORY;
        }
        return Path.of(text.get());
    }

    private Optional<SecretsSpec.VaultSource> vault(Fields vault) {
        Map<String, Object> config = ConfigReader.read(VAULT, vault, "VAULT", true);
        Optional<Node> tokenNode = vault.keyNode("token");
        vault.finish();
        if (!config.containsKey("token")) {
            if (tokenNode.isEmpty()) {
                vault.missing("token", "token: { secret_ref: \"env:VAULT_TOKEN\" }");
            }
            return Optional.empty();
        }
        SecretRef token = (SecretRef) config.get("token");
        if (token.source() == SecretRef.Source.VAULT) {
            context.problems().error(tokenNode.orElse(vault.node()), "the Vault token in " + ORIGIN
                    + " is itself a Vault reference, which cannot be resolved before Vault is reached",
                    List.of("env:NAME", "file:/absolute/path"),
                    "write token: { secret_ref: \"env:VAULT_TOKEN\" } or a file: reference");
            return Optional.empty();
        }
        return source(config, ORIGIN);
    }

    /** Returns the Vault source named by the first enabled vault binding that has a usable token. */
    private static Optional<SecretsSpec.VaultSource> fromBinding(List<HandlerBinding> bindings) {
        for (HandlerBinding binding : bindings) {
            if (binding.enabled() && binding.type().wireName().equals(VAULT_BINDING_TYPE)
                    && binding.config().get("token") instanceof SecretRef token
                    && token.source() != SecretRef.Source.VAULT) {
                return source(binding.config(), "runtime.handlers '" + binding.name() + "'");
            }
        }
        return Optional.empty();
    }

    private static Optional<SecretsSpec.VaultSource> source(Map<String, Object> config, String origin) {
        if (!(config.get("address") instanceof String address)) {
            return Optional.empty(); // reported by the schema (missing, or an unset variable while validating)
        }
        return Optional.of(new SecretsSpec.VaultSource(address, (SecretRef) config.get("token"),
                String.valueOf(config.getOrDefault("kv_mount", "secret")),
                Optional.ofNullable(config.get("namespace")).map(String::valueOf),
                Duration.ofMillis(((Number) config.getOrDefault("open_timeout_ms", 5_000)).longValue()),
                Duration.ofMillis(((Number) config.getOrDefault("read_timeout_ms", 5_000)).longValue()), origin));
    }
}
