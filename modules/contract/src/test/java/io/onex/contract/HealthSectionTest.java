package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.HealthSpec;
import io.onex.host.api.contract.ReadinessMode;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.SecretRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code runtime.health} section: the bearer token, the caps on clients and the readiness mode. */
class HealthSectionTest {

    @TempDir
    Path folder;

    @Test
    void withoutTheNewKeysThereIsNoTokenAndTheDefaultLimits() {
        HealthSpec health = load("  health: { enabled: true }\n").health();

        assertThat(health.auth()).isEmpty();
        assertThat(health.ingress()).isEmpty();
        assertThat(health.limits()).isEqualTo(HealthSpec.Limits.DEFAULTS);
        assertThat(health.readiness()).isEqualTo(ReadinessMode.BINDINGS);
    }

    @Test
    void everyKeyOfTheSectionIsRead() {
        HealthSpec health = load("""
                  health:
                    enabled: true
                    auth_token: { secret_ref: "env:ONEX_HEALTH_TOKEN" }
                    auth_metrics: true
                    max_connections: 16
                    max_header_bytes: 4096
                    read_timeout_seconds: 5
                    readiness: nodes
                """).health();

        assertThat(health.auth()).contains(new HealthSpec.Auth(new SecretRef("env:ONEX_HEALTH_TOKEN"), true));
        assertThat(health.limits()).isEqualTo(new HealthSpec.Limits(16, 4096, Duration.ofSeconds(5)));
        assertThat(health.readiness()).isEqualTo(ReadinessMode.NODES);
    }

    @Test
    void anUnknownReadinessModeIsAnErrorListingTheModes() {
        assertThat(problems("""
                  health: { enabled: true, readiness: node }
                """)).contains("unknown readiness mode 'node'; did you mean 'nodes'?")
                .contains("valid choices: bindings, nodes");
    }

    @Test
    void aPlaintextTokenIsRefusedWithoutRepeatingIt() {
        String message = problems("""
                  health: { enabled: true, auth_token: "plain-health-token-93" }
                """);

        assertThat(message).contains("runtime.health.auth_token").contains("secret_ref")
                .doesNotContain("plain-health-token-93");
    }

    @Test
    void guardingMetricsWithoutATokenIsAnError() {
        assertThat(problems("""
                  health: { enabled: true, auth_metrics: true }
                """)).contains("runtime.health.auth_metrics").contains("no auth_token");
    }

    @Test
    void limitsOutOfRangeAreErrors() {
        String message = problems("""
                  health: { enabled: true, max_connections: 0, max_header_bytes: 100, read_timeout_seconds: 0 }
                """);

        assertThat(message).contains("max_connections").contains("max_header_bytes").contains("read_timeout_seconds");
    }

    private RuntimeContract load(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(file).contract();
    }

    private String problems(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(file)).getMessage();
    }
}
