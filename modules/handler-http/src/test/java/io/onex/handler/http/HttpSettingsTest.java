package io.onex.handler.http;

import static io.onex.handler.http.HttpCalls.SECRETS;
import static io.onex.handler.http.HttpCalls.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.HandlerType;
import io.onex.host.api.ProtocolConfigurationException;
import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.HandlerBinding;
import io.onex.host.api.contract.SecretRef;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading and checking a binding's config. */
class HttpSettingsTest {

    private static HttpSettings settings(Map<String, Object> config) {
        return HttpSettings.from(binding(Duration.ofSeconds(7), config), SECRETS);
    }

    private static void refused(Map<String, Object> config, String... messageParts) {
        assertThatThrownBy(() -> settings(config))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void anEmptyConfigGivesTheDefaults() {
        HttpSettings settings = HttpSettings.from(HandlerBinding.of(HandlerType.of("http"), Map.of()), SECRETS);

        assertThat(settings.baseUrl()).isEmpty();
        assertThat(settings.failOn5xx()).isFalse();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxRequestBytes()).isEqualTo(10_485_760L);
        assertThat(settings.maxResponseBytes()).isEqualTo(10_485_760L);
        assertThat(settings.redirects()).isEqualTo(RedirectPolicy.NORMAL);
        assertThat(settings.defaultHeaders()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        HttpSettings settings = settings(Map.of("base_url", "https://api.example.com/v1", "fail_on_5xx", true,
                "connect_timeout_ms", 1500, "max_request_bytes", 2048L, "max_response_bytes", new BigDecimal("4096"),
                "follow_redirects", "always", "default_headers", Map.of("X-Client", "onex")));

        assertThat(settings.baseUrl()).contains(URI.create("https://api.example.com/v1"));
        assertThat(settings.failOn5xx()).isTrue();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.maxRequestBytes()).isEqualTo(2048);
        assertThat(settings.maxResponseBytes()).isEqualTo(4096);
        assertThat(settings.redirects()).isEqualTo(RedirectPolicy.ALWAYS);
        assertThat(settings.defaultHeaders()).containsExactly(new HttpSettings.DefaultHeader("X-Client", "onex", false));
    }

    @Test
    void resolvesSecretReferencesInDefaultHeaders() {
        assertThat(settings(Map.of("default_headers", Map.of("Authorization", new SecretRef("env:API_TOKEN"))))
                .defaultHeaders()).containsExactly(new HttpSettings.DefaultHeader("Authorization",
                        "Bearer s3cr3t-t0ken", true, java.util.Optional.of(new SecretRef("env:API_TOKEN"))));
    }

    @Test
    void anUnresolvableSecretFailsTheBuild() {
        assertThatThrownBy(() -> settings(Map.of("default_headers", Map.of("X-Key", new SecretRef("env:MISSING")))))
                .isInstanceOf(SecretResolutionException.class);
    }

    @Test
    void refusesABaseUrlThatIsNotAnAbsoluteHttpUrl() {
        refused(Map.of("base_url", "api.example.com"), "config.base_url", "absolute http or https URL");
        refused(Map.of("base_url", "ftp://api.example.com"), "config.base_url");
        refused(Map.of("base_url", "https://api.example.com/v1?x=1"), "query");
        refused(Map.of("base_url", 42), "config.base_url");
    }

    @Test
    void refusesCredentialsInTheBaseUrlWithoutShowingThem() {
        assertThatThrownBy(() -> settings(Map.of("base_url", "https://bob:hunter2@api.example.com")))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("credentials")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesNumbersThatAreNotPositiveWholeNumbers() {
        refused(Map.of("max_response_bytes", 0), "config.max_response_bytes", "whole number from 1");
        refused(Map.of("max_request_bytes", 1.5), "config.max_request_bytes");
        refused(Map.of("connect_timeout_ms", "fast"), "config.connect_timeout_ms");
        refused(Map.of("max_response_bytes", 3_000_000_000L), "2147483639");
    }

    @Test
    void refusesAnUnknownRedirectPolicy() {
        refused(Map.of("follow_redirects", "sometimes"), "never, normal or always", "sometimes");
    }

    @Test
    void refusesANonBooleanFailOn5xx() {
        refused(Map.of("fail_on_5xx", "yes"), "config.fail_on_5xx must be true or false");
    }

    @Test
    void refusesADefaultHeaderTheClientCannotSendWithoutShowingItsValue() {
        refused(Map.of("default_headers", Map.of("Host", "x")), "default_headers.Host");
        assertThatThrownBy(() -> HttpSettings.from(binding(Duration.ofSeconds(1), Map.of("default_headers",
                Map.of("X-Key", new SecretRef("env:BAD")))), ref -> "line\r\nbreak s3cr3t"))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesADefaultHeaderThatIsNeitherTextNorASecret() {
        refused(Map.of("default_headers", Map.of("X-N", 5)), "default_headers.X-N must be a string or a secret_ref");
        refused(Map.of("default_headers", "X-N: 5"), "default_headers must map");
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> HttpSettings.from(binding(Duration.ZERO, Map.of()), SECRETS))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageContaining("timeout_ms");
    }
}
