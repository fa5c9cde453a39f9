package io.onex.handler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.OperationNotAllowedException;
import io.onex.host.api.ProtocolConfigurationException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The rule that checks a URL against a node's targets. */
class TargetsTest {

    private static final Targets USERS = Targets.of(List.of("https://api.example.com/users"));

    private static boolean allows(Targets targets, String url) {
        try {
            targets.check(URI.create(url), "http.get", "node");
            return true;
        } catch (OperationNotAllowedException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/users", "https://api.example.com/users/",
            "https://api.example.com/users/42", "https://api.example.com/users/42/orders?x=1",
            "https://API.Example.COM/users", "https://api.example.com:443/users", "HTTPS://api.example.com/users"})
    void allowsThePrefixAndPathsBelowIt(String url) {
        assertThat(allows(USERS, url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/users-admin", "https://api.example.com/usersx",
            "https://api.example.com/", "https://api.example.com/Users", "https://api.example.com.evil.com/users",
            "https://evil.com/api.example.com/users", "http://api.example.com/users",
            "https://api.example.com:8443/users", "https://api.example.com/admin/users"})
    void refusesEverythingElse(String url) {
        assertThat(allows(USERS, url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/users/../admin", "https://api.example.com/users/./42",
            "https://api.example.com/users/%2e%2e/admin", "https://api.example.com/users%2F..%2Fadmin",
            "https://api.example.com/users/%5c..%5cadmin"})
    void refusesDotSegmentsAndEncodedSeparators(String url) {
        assertThatThrownBy(() -> USERS.check(URI.create(url), "http.get", "node"))
                .isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("dot segment");
    }

    @Test
    void aTrailingSlashOnATargetChangesNothing() {
        Targets slashed = Targets.of(List.of("https://api.example.com/users/"));

        assertThat(allows(slashed, "https://api.example.com/users")).isTrue();
        assertThat(allows(slashed, "https://api.example.com/users/1")).isTrue();
        assertThat(allows(slashed, "https://api.example.com/users-admin")).isFalse();
    }

    @Test
    void aTargetWithoutAPathAllowsItsWholeOrigin() {
        Targets origin = Targets.of(List.of("http://127.0.0.1:8080"));

        assertThat(allows(origin, "http://127.0.0.1:8080/")).isTrue();
        assertThat(allows(origin, "http://127.0.0.1:8080/any/path")).isTrue();
        assertThat(allows(origin, "http://127.0.0.1:8081/")).isFalse();
    }

    @Test
    void anyOfSeveralTargetsMayAllow() {
        Targets two = Targets.of(List.of("https://a.example.com/x", "https://b.example.com/y"));

        assertThat(allows(two, "https://b.example.com/y/1")).isTrue();
        assertThat(allows(two, "https://a.example.com/y")).isFalse();
    }

    @Test
    void noTargetsAllowEverything() {
        assertThat(allows(Targets.of(List.of()), "http://anything.example/../x")).isTrue();
    }

    @Test
    void theRefusalNamesTheUrlWithoutItsQueryAndTheAllowedPrefixes() {
        assertThatThrownBy(() -> USERS.check(URI.create("https://evil.com/x?token=hunter2"), "http.get", "fetcher"))
                .hasMessageContaining("node 'fetcher' may not call https://evil.com/x?(query omitted)")
                .hasMessageContaining("https://api.example.com:443/users")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.example.com/users", "ftp://api.example.com/", "https://user:pw@api.example.com/",
            "https://api.example.com/x?y=1", "https://api.example.com/x#f", "not a url"})
    void aTargetThatIsNotAnHttpUrlPrefixIsAConfigurationError(String target) {
        assertThatThrownBy(() -> Targets.of(List.of(target)))
                .isInstanceOf(ProtocolConfigurationException.class)
                .hasMessageNotContaining("pw");
    }
}
