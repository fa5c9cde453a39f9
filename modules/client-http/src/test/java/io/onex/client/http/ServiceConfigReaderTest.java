package io.onex.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.contract.SecretRef;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared reader of a service binding's address, token reference and timeouts. */
class ServiceConfigReaderTest {

    private static final ServiceConfigReader.AddressRules BASE_URL = new ServiceConfigReader.AddressRules(
            "the service's URL, e.g. http://127.0.0.1:8500", "must be an absolute URL", "use config.token", true);
    private static final ServiceConfigReader.AddressRules HOST_ONLY = new ServiceConfigReader.AddressRules(
            "the service's URL, e.g. https://s.example:8200", "must be an absolute URL", "use config.token", false);

    private static ServiceConfigReader reader(Object... keysAndValues) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return ServiceConfigReader.of("sample binding 'b'", config);
    }

    @Test
    void readsAnAddressWithItsSchemeInLowerCaseAndNoTrailingSlash() {
        assertThat(reader("address", " HTTPS://s.example:8200/ ").address("address", HOST_ONLY))
                .isEqualTo(URI.create("https://s.example:8200"));
        assertThat(reader("address", "http://127.0.0.1:8500/consul//").address("address", BASE_URL))
                .isEqualTo(URI.create("http://127.0.0.1:8500/consul"));
    }

    @Test
    void eachBrokenAddressRuleIsNamedWithTheOwnerAndKey() {
        assertThatThrownBy(() -> reader().address("address", BASE_URL)).isInstanceOf(ProtocolConfigurationException.class)
                .hasMessage("sample binding 'b': config.address is required: the service's URL, e.g. http://127.0.0.1:8500");
        assertThatThrownBy(() -> reader("address", "http://a b").address("address", BASE_URL))
                .hasMessageStartingWith("sample binding 'b': config.address is not a valid URL (");
        assertThatThrownBy(() -> reader("address", "ftp://s.example").address("address", BASE_URL))
                .hasMessage("sample binding 'b': config.address must be an absolute URL");
        assertThatThrownBy(() -> reader("address", "http://s.example?x=1").address("address", BASE_URL))
                .hasMessage("sample binding 'b': config.address must not have a query or a fragment");
        assertThatThrownBy(() -> reader("address", "http://s.example/v1").address("address", HOST_ONLY))
                .hasMessage("sample binding 'b': config.address must be only scheme, host and port (no path, query or"
                        + " fragment)");
    }

    @Test
    void credentialsInTheAddressAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> reader("address", "https://admin:hunter2@s.example").address("address", BASE_URL))
                .hasMessage("sample binding 'b': config.address must not hold credentials (user:password@); use"
                        + " config.token")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aTokenIsAReferenceOrAbsentAndAValueInClearIsRefusedWithoutQuotingIt() {
        SecretRef ref = new SecretRef("env:SAMPLE_TOKEN");

        assertThat(reader("token", ref).secretRef("token", "must be a reference")).isEqualTo(Optional.of(ref));
        assertThat(reader().secretRef("token", "must be a reference")).isEmpty();
        assertThatThrownBy(() -> reader("token", "s.cleartext").secretRef("token", "must be a reference"))
                .hasMessage("sample binding 'b': config.token must be a reference").hasMessageNotContaining("cleartext");
    }

    @Test
    void timeoutsArePositiveMilliseconds() {
        assertThat(reader("open_timeout_ms", 250).millis("open_timeout_ms", Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(reader().millis("open_timeout_ms", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> reader("open_timeout_ms", 0).millis("open_timeout_ms", Duration.ofSeconds(5)))
                .hasMessage("sample binding 'b': config.open_timeout_ms must be a positive number of milliseconds");
        assertThatThrownBy(() -> reader("open_timeout_ms", "soon").millis("open_timeout_ms", Duration.ofSeconds(5)))
                .hasMessageContaining("config.open_timeout_ms");
        assertThat(reader().positive("timeout_ms", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> reader().positive("timeout_ms", Duration.ofMillis(-5)))
                .hasMessage("sample binding 'b': config.timeout_ms must be positive, not -5");
    }
}
