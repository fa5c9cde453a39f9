package io.onex.wiring.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.contract.Suggestions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "did you mean" of a usage error. */
class SuggestionsTest {

    private static final List<String> COMMANDS = CommandTree.commandNames();

    @Test
    void aSwapAMissingAnExtraOrAWrongLetterIsOneSlip() {
        assertThat(Suggestions.distance("rnu", "run")).isEqualTo(1);
        assertThat(Suggestions.distance("valdate", "validate")).isEqualTo(1);
        assertThat(Suggestions.distance("describee", "describe")).isEqualTo(1);
        assertThat(Suggestions.distance("dav", "dev")).isEqualTo(1);
        assertThat(Suggestions.distance("launch", "run")).isGreaterThan(2);
    }

    @Test
    void suggestsTheCloseCommandsClosestFirstAndNothingForAnUnrelatedWord() {
        assertThat(Suggestions.closeTo("rnu", COMMANDS)).containsExactly("run");
        assertThat(Suggestions.closeTo("valdiate", COMMANDS)).containsExactly("validate");
        assertThat(Suggestions.closeTo("helo", COMMANDS)).containsExactly("help");
        assertThat(Suggestions.closeTo("launch", COMMANDS)).isEmpty();
        assertThat(Suggestions.closeTo("xyz", COMMANDS)).isEmpty();
    }

    @Test
    void shortWordsGetOnlyOneSlipSoThatTwoLettersDoNotMatchEverything() {
        assertThat(Suggestions.closeTo("ru", List.of("run", "dev"))).containsExactly("run");
        assertThat(Suggestions.closeTo("rx", List.of("run", "dev"))).isEmpty();
        assertThat(Suggestions.closeTo("--lenint", List.of("--lenient", "--stdio", "--log-level", "-h")))
                .containsExactly("--lenient");
    }
}
