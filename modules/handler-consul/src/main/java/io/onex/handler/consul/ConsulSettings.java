package io.onex.handler.consul;

import io.onex.client.http.ServiceConfigReader;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one Consul binding, read and checked once when the handler is built.
 *
 * @param binding    the binding name, for messages
 * @param address    the agent's base URL, e.g. {@code http://127.0.0.1:8500}, without a trailing slash
 * @param token      the ACL token's reference; the value is resolved per call, never held here
 * @param datacenter the datacenter sent as {@code ?dc=} on catalog and health reads
 * @param timeout    the whole call, a token-refresh retry included
 */
record ConsulSettings(String binding, URI address, Optional<SecretRef> token, Optional<String> datacenter,
        Duration timeout) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final ServiceConfigReader.AddressRules ADDRESS = new ServiceConfigReader.AddressRules(
            "the agent's http:// or https:// URL, e.g. http://127.0.0.1:8500",
            "must be an absolute http:// or https:// URL with a host, e.g. http://127.0.0.1:8500",
            "give the ACL token as config.token, a secret_ref", true);
    // Never echo the value: a token written in clear is still a token.
    private static final String TOKEN = "must be a secret reference ({ secret_ref: ... }), not a literal value";

    ConsulSettings {
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads the binding's config: {@code address} (required), {@code token} (a secret_ref) and
     * {@code datacenter}, with the binding's {@code timeout_ms}.
     *
     * @throws ProtocolConfigurationException naming the key and the rule it breaks
     */
    static ConsulSettings from(HandlerBinding binding) {
        String name = binding.name();
        ServiceConfigReader reader = ServiceConfigReader.of("consul binding '" + name + "'", binding.config());
        Duration timeout = reader.positive("timeout_ms", binding.timeout().orElse(DEFAULT_TIMEOUT));
        return new ConsulSettings(name, reader.address("address", ADDRESS), reader.secretRef("token", TOKEN),
                datacenter(reader, binding.config().get("datacenter")), timeout);
    }

    private static Optional<String> datacenter(ServiceConfigReader reader, Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case String text when text.matches("[A-Za-z0-9_.-]{1,64}") -> Optional.of(text);
            default -> throw reader.problem("datacenter", "must be a datacenter name (letters, digits, '-', '_',"
                    + " '.'), e.g. dc1");
        };
    }

    /** Returns the address as shown in health and messages: scheme, host, port and path. */
    String shownAddress() {
        return address.toString();
    }
}
