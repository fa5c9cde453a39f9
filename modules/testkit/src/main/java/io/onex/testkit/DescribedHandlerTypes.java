package io.onex.testkit;

import io.onex.host.api.ConfigChecks;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;
import java.util.Optional;

/**
 * Handler factories for the tests of host-core and the contract loader, which cannot depend on
 * the handler modules (the handler modules depend on them): they describe the built-in types
 * (names, operations, config schemas) as the built-in factories do, so that contracts written for
 * the built-in handlers load with the same messages. They build no handler. wiring's tests drive
 * the loader with the real built-in factories (their {@code check} rules included).
 */
public final class DescribedHandlerTypes {

    private static final List<HandlerFactory> FACTORIES = List.of(
            factory("local", true, ops("local.echo", "local.transform", "local.error"), ConfigSchema.builder()
                    .choice("transform", "uppercase", List.of("uppercase", "lowercase", "reverse")).build()),
            factory("http", false, ops("http.get", "http.post", "http.put", "http.delete", "http.patch"),
                    ConfigSchema.builder()
                            .checkedText("base_url", ConfigChecks.httpUrl("https://api.example.com"))
                            .bool("fail_on_5xx", false)
                            .integer("connect_timeout_ms", null, 1)
                            .integer("max_request_bytes", 10 * 1024 * 1024, 1)
                            .integer("max_response_bytes", 10 * 1024 * 1024, 1)
                            .choice("follow_redirects", "normal", List.of("never", "normal", "always"))
                            .textMap("default_headers")
                            .checkedText("health_path", text -> text.startsWith("/") ? Optional.empty()
                                    : Optional.of(new ConfigSchema.Violation("must be a path on base_url, starting"
                                            + " with a single /", List.of(), "write the path, e.g. /healthz")))
                            .build()),
            factory("db", false, ops("db.query", "db.execute", "db.transaction"), ConfigSchema.builder()
                    .requiredText("url", ConfigChecks.urlWithoutPassword("r2dbc:postgresql://", "host:5432/database",
                            "set password: { secret_ref: \"env:DB_PASSWORD\" }"))
                    .text("username", null)
                    .secret("password")
                    .integer("pool_size", 5, 1)
                    .integer("acquire_timeout_ms", 2_000, 1)
                    .integer("statement_timeout_ms", 30_000, 1)
                    .integer("connect_timeout_ms", 5_000, 1)
                    .integer("max_idle_ms", 1_800_000, 1)
                    .choice("ssl_mode", "prefer", List.of("disable", "allow", "prefer", "require", "verify-ca",
                            "verify-full"))
                    .text("ssl_root_cert", null)
                    .textMap("node_roles")
                    .integer("max_rows", 10_000, 1)
                    .integer("max_result_bytes", 8 * 1024 * 1024, 1)
                    .bool("expose_database_errors", false)
                    .build()),
            factory("vault", false, ops("vault.get_secret", "vault.set_secret", "vault.delete_secret",
                    "vault.list_secrets"), ConfigSchema.builder()
                    .requiredText("address", ConfigChecks.httpUrl("https://vault.example.com:8200"))
                    .secret("token")
                    .text("namespace", null)
                    .text("kv_mount", "secret")
                    .integer("open_timeout_ms", 5_000, 1)
                    .integer("read_timeout_ms", 5_000, 1)
                    .build()),
            factory("consul", false, ops("consul.register_service", "consul.deregister_service",
                    "consul.get_service", "consul.list_services", "consul.health_check_service"),
                    ConfigSchema.builder()
                            .requiredText("address", ConfigChecks.httpUrl("http://127.0.0.1:8500"))
                            .secret("token")
                            .text("datacenter", null)
                            .build()));

    private DescribedHandlerTypes() {
    }

    /** Returns the factories of the five built-in types, as described above. */
    public static List<HandlerFactory> factories() {
        return FACTORIES;
    }

    /**
     * Returns the factories of the built-in types named, in the order given, for a host that has
     * only those types.
     *
     * @throws IllegalArgumentException naming a type that is not one of the five
     */
    public static List<HandlerFactory> factories(String... types) {
        return java.util.Arrays.stream(types).map(type -> FACTORIES.stream()
                .filter(factory -> factory.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + type + "' is not a built-in handler type; the"
                        + " types are " + FACTORIES.stream().map(HandlerFactory::type).toList()))).toList();
    }

    private static List<HandlerDescription.Operation> ops(String... names) {
        return java.util.Arrays.stream(names)
                .map(name -> new HandlerDescription.Operation(name, List.of(), List.of(), List.of())).toList();
    }

    private static HandlerFactory factory(String type, boolean devOnly, List<HandlerDescription.Operation> operations,
            ConfigSchema schema) {
        return new HandlerFactory() {
            @Override
            public int spiVersion() {
                return HandlerFactory.SPI_VERSION;
            }

            @Override
            public String type() {
                return type;
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public String summary() {
                return "the " + type + " type, described for the platform's tests";
            }

            @Override
            public List<HandlerDescription.Operation> operations() {
                return operations;
            }

            @Override
            public ConfigSchema configSchema() {
                return schema;
            }

            @Override
            public boolean devOnly() {
                return devOnly;
            }

            @Override
            public Handler create(HandlerBinding binding, Secrets secrets) {
                throw new UnsupportedOperationException("the platform's tests build their handlers themselves");
            }
        };
    }
}
