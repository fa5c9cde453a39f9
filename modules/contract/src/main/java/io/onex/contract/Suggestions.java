package io.onex.contract;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" of the host: finds what a misspelt word was most likely meant to be, by edit
 * distance. The contract loader offers the one closest key or value ({@link #closest}); the
 * command line offers every command or option within a couple of typing slips ({@link #closeTo}).
 */
public final class Suggestions {

    /** Words this long or longer may be two slips away in {@link #closeTo}; shorter ones only one. */
    private static final int TWO_SLIPS_FROM = 6;

    private Suggestions() {
    }

    /**
     * Returns the {@code known} words within a couple of typing slips (a letter wrong, missing,
     * added, or two swapped) of {@code typed}, closest first: the command line's "did you mean".
     */
    public static List<String> closeTo(String typed, Collection<String> known) {
        int allowed = typed.length() >= TWO_SLIPS_FROM ? 2 : 1;
        return known.stream()
                .filter(word -> !word.equals(typed) && distance(typed, word) <= allowed)
                .sorted(Comparator.comparingInt((String word) -> distance(typed, word))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** Returns the choice closest to {@code input}, if one is close enough to be a typo of it. */
    public static Optional<String> closest(String input, Collection<String> choices) {
        String wanted = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String choice : choices) {
            int distance = distance(wanted, choice.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = choice;
                bestDistance = distance;
            }
        }
        if (best != null && !best.equals(input) && bestDistance <= allowedDistance(wanted.length())) {
            return Optional.of(best);
        }
        return abbreviated(wanted, choices);
    }

    /** Returns {@code "; did you mean 'x'?"} for the closest choice, or an empty string. */
    public static String didYouMean(String input, Collection<String> choices) {
        return closest(input, choices).map(choice -> "; did you mean '" + choice + "'?").orElse("");
    }

    // "expo" for "exponential", "production" for "prod": one choice and the input start alike.
    private static Optional<String> abbreviated(String wanted, Collection<String> choices) {
        var related = choices.stream().filter(choice -> {
            String lower = choice.toLowerCase(Locale.ROOT);
            return Math.min(lower.length(), wanted.length()) >= 3 && (lower.startsWith(wanted) || wanted.startsWith(lower));
        }).toList();
        return related.size() == 1 ? Optional.of(related.get(0)) : Optional.empty();
    }

    // Short words tolerate one slip; longer ones a few, so that unrelated words are not offered.
    private static int allowedDistance(int length) {
        if (length <= 3) {
            return 1;
        }
        return length <= 7 ? 2 : 3;
    }

    /** Returns the optimal-string-alignment distance: edits, counting a swap of neighbours as one. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
