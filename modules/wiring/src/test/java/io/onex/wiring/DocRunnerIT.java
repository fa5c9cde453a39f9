package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The documentation runner itself: a fixture document that is true passes, and changing its
 * envelope, its command or its expected code makes it fail, naming the block.
 */
class DocRunnerIT {

    private static final String ECHO = "echo '{\"target_node\":\"echo\",\"handler_type\":\"local\","
            + "\"operation\":\"%s\",\"payload\":{\"hi\":1}}' | ./onex-host dev examples/quickstart/runtime.yaml --stdio\n";

    private static String document(String operation, String answers) {
        return "# Fixture\n\nSend one envelope:\n\n```sh\n" + ECHO.formatted(operation) + "```\n\n"
                + (answers == null ? "" : "```text\nanswers: " + answers + "\n```\n");
    }

    @Test
    void aTrueDocumentPasses() {
        assertThatCode(() -> DocRunner.of("fixture.md").run(document("local.echo", "success")))
                .doesNotThrowAnyException();
        assertThatCode(() -> DocRunner.of("fixture.md").run(document("local.error", "OPERATION_NOT_ALLOWED")))
                .doesNotThrowAnyException();
    }

    @Test
    void aWrongExpectedCodeFails() {
        assertThatThrownBy(() -> DocRunner.of("fixture.md").run(document("local.echo", "INVALID_OPERATION")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixture.md:5")
                .hasMessageContaining("answered [success] but the document says answers: [INVALID_OPERATION]");
    }

    @Test
    void aChangedEnvelopeFails() {
        assertThatThrownBy(() -> DocRunner.of("fixture.md").run(document("local.nothing_like_this", null)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("answered [INVALID_OPERATION] but the text states no error");
    }

    @Test
    void aFailingCommandFails() {
        String markdown = "# Fixture\n\n```sh\nexport GREETING=hello\n```\n\n```sh\ntest \"$GREETING\" = hello\n"
                + "./onex-host validate examples/quickstart/no-such-contract.yaml\n```\n";
        assertThatThrownBy(() -> DocRunner.of("fixture.md").run(markdown))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the block at fixture.md:7 had a failing command");
    }

    @Test
    void stateCarriesFromBlockToBlockAndJobsCanBeStopped() {
        String markdown = "# Fixture\n\n```sh\nexport GREETING=hello\nsleep 60 &\n```\n\n"
                + "```sh\ntest \"$GREETING\" = hello\nkill %1\n```\n";
        assertThatCode(() -> DocRunner.of("fixture.md").run(markdown)).doesNotThrowAnyException();
    }

    @Test
    void aBlockThatDoesNotFinishFailsAtItsLimit() {
        String markdown = "# Fixture\n\n```sh\nsleep 120\n```\n";
        assertThatThrownBy(() -> DocRunner.of("fixture.md").blockLimit(Duration.ofSeconds(3)).run(markdown))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the block at fixture.md:3 did not finish within PT3S");
    }
}
