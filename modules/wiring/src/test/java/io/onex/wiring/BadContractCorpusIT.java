package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code onex-host validate} rejects every contract of the bad-contract corpus (one per loading
 * rule, kept with the loader's tests) with exit code 1, naming the file and line of each error.
 */
class BadContractCorpusIT {

    private static final Path BAD = Launcher.HOME.resolve("modules/contract/src/test/resources/contracts/bad");

    /** Validation runs without the deployment's environment, so an unset variable only warns there. */
    private static final String UNSET_VARIABLE = "unset_variable";

    private record Expected(String rule, Path contract, Path file, int line, String text) {
    }

    private static List<Expected> corpus() throws Exception {
        List<Expected> expected = new ArrayList<>();
        for (String row : Files.readAllLines(BAD.resolve("expected-errors.csv"))) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] cells = row.split("\\|");
            String rule = cells[0].trim();
            String file = cells[1].trim();
            Path contract = rule.equals("file_missing") ? BAD.resolve(file) : BAD.resolve(rule).resolve("runtime.yaml");
            Path withError = rule.equals("file_missing") ? contract : BAD.resolve(rule).resolve(file);
            expected.add(new Expected(rule, contract, withError, Integer.parseInt(cells[2].trim()), cells[3].trim()));
        }
        return expected;
    }

    @Test
    void validateRejectsEveryBadContractWithItsFileAndLine() throws Exception {
        List<Expected> corpus = corpus().stream().filter(e -> !e.rule().equals(UNSET_VARIABLE)).toList();
        assertThat(corpus).hasSizeGreaterThan(40);
        List<String> args = new ArrayList<>(List.of("validate"));
        corpus.forEach(entry -> args.add(entry.contract().toString()));
        Launcher.Result result = Launcher.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).as("no bad contract may pass").doesNotContain("ok: ");
        for (Expected entry : corpus) {
            String location = entry.line() > 0 ? entry.file() + ":" + entry.line() + ":" : entry.file().toString();
            assertThat(result.stderr()).as("error for %s", entry.contract()).contains(location);
            assertThat(result.stderr()).contains("invalid: " + entry.contract());
            assertThat(result.stderr()).contains(entry.text());
        }
    }

    @Test
    void anUnsetVariableWarnsInValidateButStopsAStart() throws Exception {
        Expected entry = corpus().stream().filter(e -> e.rule().equals(UNSET_VARIABLE)).findFirst().orElseThrow();
        Launcher.Result validate = Launcher.run("validate", entry.contract().toString());
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.stderr()).contains("warning", entry.file() + ":" + entry.line() + ":");
        Launcher.Result start = Launcher.run("dev", entry.contract().toString(), "--stdio");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains(entry.file() + ":" + entry.line() + ":", entry.text());
    }
}
