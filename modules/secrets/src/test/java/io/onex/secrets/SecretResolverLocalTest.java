package io.onex.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.contract.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** env: and file: references, and bare references without a Vault source. */
class SecretResolverLocalTest {

    private static final String VALUE = "s3cr3t-value-7f1c";

    @TempDir
    Path files;

    private final MutableClock clock = new MutableClock();

    private SecretResolver resolver(Map<String, String> environment) {
        return SecretResolver.builder(EnvironmentVariables.of(environment)).filesDirectory(files).clock(clock).build();
    }

    private static SecretRef ref(String reference) {
        return new SecretRef(reference);
    }

    private static void assertSafe(Throwable error, String reference) {
        assertThat(error).isInstanceOf(SecretResolutionException.class);
        assertThat(error.getMessage()).contains(reference).doesNotContain(VALUE);
    }

    @Test
    void anEnvReferenceReadsThatVariable() {
        try (SecretResolver secrets = resolver(Map.of("ORDERS_DB_PASSWORD", VALUE))) {
            assertThat(secrets.apply(ref("env:ORDERS_DB_PASSWORD"))).isEqualTo(VALUE);
        }
    }

    @Test
    void anEnvReferenceToAnUnsetVariableFailsNamingTheVariable() {
        try (SecretResolver secrets = resolver(Map.of("OTHER", VALUE))) {
            assertThatThrownBy(() -> secrets.apply(ref("env:ORDERS_DB_PASSWORD")))
                    .satisfies(e -> assertSafe(e, "env:ORDERS_DB_PASSWORD"))
                    .hasMessage("secret secret_ref(env:ORDERS_DB_PASSWORD) cannot be resolved:"
                            + " env: ORDERS_DB_PASSWORD is not set");
        }
    }

    @Test
    void anEnvReferenceWithoutANameIsRefused() {
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("env:")))
                    .isInstanceOf(SecretResolutionException.class)
                    .hasMessageContaining("names no variable; write env:NAME");
        }
    }

    @Test
    void anEnvReferenceNeverFallsBackToAFileOrOtherSources() throws IOException {
        Files.writeString(files.resolve("NAME"), VALUE);
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("env:NAME")))
                    .satisfies(e -> assertSafe(e, "env:NAME"))
                    .hasMessageNotContaining("file:");
        }
    }

    @Test
    void aFileReferenceReadsTheFileAndDropsOneTrailingNewline() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, VALUE + "\n\n");
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo(VALUE + "\n");
        }
    }

    @Test
    void aFileWithoutATrailingNewlineIsReadAsItIs() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, " " + VALUE + " ");
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo(" " + VALUE + " ");
        }
    }

    @Test
    void aTrailingCarriageReturnAndNewlineCountAsOneLineBreak() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, VALUE + "\r\n");
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo(VALUE);
        }
    }

    @Test
    void aFileIsReadAsUtf8() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, "pässwörd-€\n", java.nio.charset.StandardCharsets.UTF_8);
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo("pässwörd-€");
        }
    }

    @Test
    void aMissingFileFailsNamingTheReferenceAndThePath() {
        Path file = files.resolve("absent");
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("file:" + file)))
                    .satisfies(e -> assertSafe(e, "file:" + file))
                    .hasMessageEndingWith("file: " + file + " does not exist");
        }
    }

    @Test
    void aDirectoryInsteadOfAFileFailsWithoutItsContents() throws IOException {
        Path directory = Files.createDirectory(files.resolve("dir"));
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("file:" + directory)))
                    .satisfies(e -> assertSafe(e, "file:" + directory))
                    .hasMessageContaining("file: " + directory + " cannot be read");
        }
    }

    @Test
    void aRelativeFileReferenceIsRefused() throws IOException {
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("file:secrets/password")))
                    .isInstanceOf(SecretResolutionException.class)
                    .hasMessageContaining("file:secrets/password")
                    .hasMessageContaining("names a relative file; write file:/absolute/path");
        }
    }

    @Test
    void aBareReferenceIsReadFromTheVariableNamedAfterIt() {
        try (SecretResolver secrets = resolver(Map.of("DB_ORDERS_PASSWORD", VALUE))) {
            assertThat(secrets.apply(ref("db/orders#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void theVariableNameTurnsEveryRunOfOtherCharactersIntoOneUnderscore() {
        assertThat(BareReference.parse(ref("db/orders#password")).variableName()).isEqualTo("DB_ORDERS_PASSWORD");
        assertThat(BareReference.parse(ref("team-a/my.app--db#api_key")).variableName())
                .isEqualTo("TEAM_A_MY_APP_DB_API_KEY");
    }

    @Test
    void aBareReferenceIsReadFromItsFileUnderTheFilesDirectory() throws IOException {
        Files.createDirectories(files.resolve("db/orders"));
        Files.writeString(files.resolve("db/orders/password"), VALUE + "\n");
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThat(secrets.apply(ref("db/orders#password"))).isEqualTo(VALUE);
        }
    }

    @Test
    void withoutAVaultTheVaultSourceIsSkippedAndSaysSo() {
        try (SecretResolver secrets = resolver(Map.of())) {
            assertThatThrownBy(() -> secrets.apply(ref("db/orders#password")))
                    .satisfies(e -> assertSafe(e, "db/orders#password"))
                    .hasMessage("secret secret_ref(db/orders#password) cannot be resolved: vault: no Vault is"
                            + " configured; env: DB_ORDERS_PASSWORD is not set; file: "
                            + files.resolve("db/orders/password") + " does not exist");
        }
    }

    @Test
    void onlyTheConfiguredSourcesAreTried() throws IOException {
        Files.createDirectories(files.resolve("db/orders"));
        Files.writeString(files.resolve("db/orders/password"), VALUE);
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .order(List.of(SecretResolver.Source.ENV)).filesDirectory(files).build()) {
            assertThatThrownBy(() -> secrets.apply(ref("db/orders#password")))
                    .satisfies(e -> assertSafe(e, "db/orders#password"))
                    .hasMessageEndingWith("cannot be resolved: env: DB_ORDERS_PASSWORD is not set");
        }
    }

    @Test
    void malformedBareReferencesAreRefusedSayingWhatAReferenceLooksLike() {
        try (SecretResolver secrets = resolver(Map.of())) {
            for (String bad : List.of("db/orders", "db/orders#", "#password", "db/../etc#passwd", "db//orders#pw",
                    "/db/orders#pw", "db/orders#a#b", "db/orders#sub/key", "db/or ders#pw")) {
                assertThatThrownBy(() -> secrets.apply(ref(bad)))
                        .as(bad)
                        .isInstanceOf(SecretResolutionException.class)
                        .hasMessageContaining(bad)
                        .hasMessageContaining("write path#key (e.g. db/orders#password)");
            }
        }
    }

    @Test
    void aFileValueIsCachedForTheTtlAndReadAgainAfterIt() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, "first");
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .cacheTtl(Duration.ofSeconds(10)).clock(clock).build()) {
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo("first");
            Files.writeString(file, "second");
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo("first");
            clock.advance(Duration.ofSeconds(10));
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo("second");
        }
    }

    @Test
    void aRemovedFileKeepsServingTheCachedValueAfterTheTtl() throws IOException {
        Path file = files.resolve("password");
        Files.writeString(file, VALUE);
        try (SecretResolver secrets = SecretResolver.builder(EnvironmentVariables.of(Map.of()))
                .cacheTtl(Duration.ofSeconds(10)).clock(clock).build()) {
            secrets.apply(ref("file:" + file));
            Files.delete(file);
            clock.advance(Duration.ofMinutes(1));
            assertThat(secrets.apply(ref("file:" + file))).isEqualTo(VALUE);
            assertThatThrownBy(() -> secrets.refresh(ref("file:" + file)))
                    .satisfies(e -> assertSafe(e, "file:" + file));
        }
    }

    @Test
    void describesItselfWithoutValues() {
        try (SecretResolver secrets = resolver(Map.of("DB_ORDERS_PASSWORD", VALUE))) {
            secrets.apply(ref("db/orders#password"));
            assertThat(secrets.toString()).contains("order=[vault, env, file]").doesNotContain(VALUE);
            assertThat(secrets.environment().toString()).doesNotContain(VALUE).doesNotContain("DB_ORDERS");
        }
    }

    @Test
    void theReportCountsReadsFailuresAndStaleValuesWithoutShowingAValue() throws Exception {
        java.nio.file.Files.createDirectories(files.resolve("orders/db"));
        java.nio.file.Path file = java.nio.file.Files.writeString(files.resolve("orders/db/password"), VALUE);
        SecretResolver resolver = SecretResolver.builder(EnvironmentVariables.of(Map.of())).order(List.of(
                SecretResolver.Source.FILE)).filesDirectory(files).clock(clock).build();
        assertThat(resolver.apply(ref("orders/db#password"))).isEqualTo(VALUE);

        java.nio.file.Files.delete(file);
        clock.advance(java.time.Duration.ofMinutes(6));
        assertThat(resolver.apply(ref("orders/db#password"))).as("stale-if-error").isEqualTo(VALUE);

        Map<String, Object> report = resolver.report();
        assertThat(report).containsEntry("sources", List.of("file")).containsEntry("reads", 2L)
                .containsEntry("failures", 1L).containsEntry("stale_served", 1L).containsEntry("cached", 1)
                .containsKey("last_failure_at");
        assertThat(String.valueOf(report.get("last_failure"))).contains("orders/db#password").doesNotContain(VALUE);
        assertThat(report.toString()).doesNotContain(VALUE);
    }
}
