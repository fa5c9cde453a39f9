package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onex.host.api.ContractValidationException;
import io.onex.host.api.contract.ContractProblem;
import io.onex.host.api.contract.ContractProblem.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * Loads every contract of the bad corpus (one folder per loading rule) and checks that it fails
 * with exactly one error, in the right file, at the right line, saying the right thing.
 */
class ContractLoaderBadContractsTest {

    static final Path BAD = Path.of("src/test/resources/contracts/bad");

    private static final ContractLoader LOADER = ContractLoader.create(TestHandlers.registry(), ValueResolver.of(Map.of()), LoadOptions.strict());

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/contracts/bad/expected-errors.csv", delimiter = '|')
    void aBadContractFailsWithOneErrorNamingFileLineAndFix(String rule, String file, int line, String fragment) {
        Path contract = rule.equals("file_missing") ? BAD.resolve(file) : BAD.resolve(rule).resolve("runtime.yaml");
        Path expectedFile = rule.equals("file_missing") ? contract : BAD.resolve(rule).resolve(file);

        ContractValidationException failure = catchThrowableOfType(ContractValidationException.class,
                () -> LOADER.load(contract));

        assertThat(failure).as("loading %s must fail", contract).isNotNull();
        List<ContractProblem> errors = failure.problems().stream()
                .filter(problem -> problem.severity() == Severity.ERROR).toList();
        assertThat(errors).as(failure.getMessage()).hasSize(1);
        ContractProblem error = errors.get(0);
        assertThat(error.file()).isEqualTo(expectedFile);
        assertThat(error.line()).as(error.render()).isEqualTo(line);
        assertThat(error.render()).contains(fragment);
        assertThat(error.fix()).isNotBlank();
    }

    @Test
    void everyFolderOfTheBadCorpusHasAnExpectedError() throws IOException {
        List<String> rules = Files.readAllLines(BAD.resolve("expected-errors.csv")).stream()
                .skip(1).map(row -> row.split("\\|")[0].strip()).toList();
        try (Stream<Path> folders = Files.list(BAD)) {
            List<String> unchecked = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !rules.contains(name)).toList();
            assertThat(unchecked).isEmpty();
        }
    }

    @Test
    void theMissingFileOfTheFileMissingRuleIsReallyMissing() {
        assertThat(BAD.resolve("file_missing.yaml")).doesNotExist();
    }
}
