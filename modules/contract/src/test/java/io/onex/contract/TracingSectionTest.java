package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.host.api.contract.TracingSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code runtime.tracing} section: where spans go over OTLP, and how many. */
class TracingSectionTest {

    @TempDir
    Path folder;

    @Test
    void withoutTheSectionNoSpansAreRecorded() {
        assertThat(load("").tracing()).isEmpty();
    }

    @Test
    void anEndpointAloneTakesTheDefaults() {
        TracingSpec tracing = load("""
                  tracing: { endpoint: "http://127.0.0.1:4318/v1/traces" }
                """).tracing().orElseThrow();

        assertThat(tracing).isEqualTo(new TracingSpec(URI.create("http://127.0.0.1:4318/v1/traces"),
                TracingSpec.HTTP_PROTOBUF, 1.0, Optional.empty(), TracingSpec.DEFAULT_EXPORT_TIMEOUT));
    }

    @Test
    void everyKeyOfTheSectionIsRead() {
        TracingSpec tracing = load("""
                  tracing:
                    endpoint: "https://collector.example.com/v1/traces"
                    protocol: http/protobuf
                    sample_ratio: 0.25
                    service_name: orders-host
                    export_timeout_ms: 2500
                """).tracing().orElseThrow();

        assertThat(tracing.sampleRatio()).isEqualTo(0.25);
        assertThat(tracing.serviceName()).contains("orders-host");
        assertThat(tracing.exportTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aSwitchedOffSectionRecordsNothing() {
        assertThat(load("""
                  tracing: { enabled: false, endpoint: "http://127.0.0.1:4318/v1/traces" }
                """).tracing()).isEmpty();
    }

    @Test
    void badValuesAreErrorsNamingTheirKeys() {
        String message = problems("""
                  tracing: { endpoint: "collector:4318", protocol: grpc, sample_ratio: 1.5, sampling: 1 }
                """);

        assertThat(message).contains("runtime.tracing.endpoint", "unknown protocol 'grpc'",
                "runtime.tracing.sample_ratio", "sampling");
    }

    @Test
    void anEndpointCarriesNoCredentialAndItsErrorsNeverEchoIt() {
        for (String endpoint : List.of("http://otel:hunter2@127.0.0.1:4318/v1/traces",
                "https://127.0.0.1:4318/v1/traces?api_key=hunter2", "http://127.0.0.1:4318/v1/traces?x=hunter2",
                "ftp://hunter2")) {
            String message = problems("  tracing: { endpoint: \"" + endpoint + "\" }\n");
            assertThat(message).as(endpoint).contains("runtime.tracing.endpoint").doesNotContain("hunter2");
        }
        assertThat(problems("  tracing: { endpoint: \"http://otel:hunter2@127.0.0.1:4318/v1/traces\" }\n"))
                .contains("credential");
    }

    @Test
    void theEndpointIsRequired() {
        assertThat(problems("""
                  tracing: { sample_ratio: 0.5 }
                """)).contains("runtime.tracing").contains("endpoint");
    }

    private RuntimeContract load(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict())
                .load(file).contract();
    }

    private String problems(String runtimeKeys) {
        Path file = ContractFiles.write(folder, "runtime.yaml", ContractFiles.HEAD + runtimeKeys);
        return catchThrowableOfType(ContractValidationException.class, () -> ContractLoader.create(
                TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(file)).getMessage();
    }
}
