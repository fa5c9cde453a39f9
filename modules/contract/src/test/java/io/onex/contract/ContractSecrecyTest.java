package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Problems about secrets never repeat the secret, so they are safe to print and log. */
class ContractSecrecyTest {

    @ParameterizedTest
    @CsvSource({"plaintext_secret, s.abcdef123456", "plaintext_secret_in_header, abc123",
            "db_url_with_credentials, s3cret"})
    void aProblemAboutASecretDoesNotRepeatIt(String rule, String secret) {
        Path contract = ContractLoaderBadContractsTest.BAD.resolve(rule).resolve("runtime.yaml");

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict()).load(contract));

        assertThat(failure.getMessage()).isNotEmpty().doesNotContain(secret);
    }
}
