package io.onex.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {

    private static final List<String> CHOICES = List.of("timeout_ms", "retry_policy", "http", "kafka", "inmemory",
            "EFFECT", "prod", "exponential");

    @ParameterizedTest
    @CsvSource({"timout_ms, timeout_ms", "retry_polcy, retry_policy", "htp, http", "kafak, kafka",
            "in-memory, inmemory", "effect, EFFECT", "production, prod", "expo, exponential"})
    void aTypoOrAnAbbreviationIsMatchedToTheIntendedChoice(String typo, String intended) {
        assertThat(Suggestions.closest(typo, CHOICES)).contains(intended);
    }

    @Test
    void aWordFarFromEveryChoiceGetsNoSuggestion() {
        assertThat(Suggestions.closest("colour", CHOICES)).isEmpty();
        assertThat(Suggestions.didYouMean("colour", CHOICES)).isEmpty();
    }

    @Test
    void aSwapOfNeighbouringLettersCountsAsOneEdit() {
        assertThat(Suggestions.distance("kafak", "kafka")).isEqualTo(1);
    }
}
