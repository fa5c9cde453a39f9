package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"password", "db_password", "ssl.key.password", "X-Api-Key", "apikey", "TOKEN",
            "client-secret", "Authorization", "credentials", "sasl_passphrase", "admin_pwd", "passwd"})
    void aKeyWhoseLastSegmentNamesASecretIsSecret(String key) {
        assertThat(SecretRule.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"username", "kv_mount", "keystore_type", "token_ttl", "passwords_file", "monkey",
            "secretive", "key_id", "bootstrap_servers"})
    void aKeyWhoseLastSegmentNamesNoSecretIsNot(String key) {
        assertThat(SecretRule.isSecretKey(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"env:DB_PASSWORD", "env:_x1", "file:/run/secrets/db", "secret/data/db#password",
            "db/orders#password"})
    void aWellFormedReferenceIsValid(String reference) {
        assertThat(SecretRule.referenceProblem(reference)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"env:", "env:1ABC", "env:DB-PASSWORD", "file:relative/path", "file:", "file:/",
            "db/orders", "#password", "db/orders#", "plain"})
    void aMalformedReferenceIsExplained(String reference) {
        assertThat(SecretRule.referenceProblem(reference)).isPresent();
    }
}
