package io.onex.wiring.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The "did you mean" of a usage error: the known words within a couple of typing slips (a letter
 * wrong, missing, added, or two swapped) of what was typed.
 */
final class Suggestions {

    /** Words this long or longer may be two slips away; shorter ones only one. */
    private static final int TWO_SLIPS_FROM = 6;

    private Suggestions() {
    }

    /** Returns the {@code known} words close to {@code typed}, closest first. */
    static List<String> closeTo(String typed, Collection<String> known) {
        int allowed = typed.length() >= TWO_SLIPS_FROM ? 2 : 1;
        return known.stream()
                .filter(word -> !word.equals(typed) && distance(typed, word) <= allowed)
                .sorted(Comparator.comparingInt((String word) -> distance(typed, word))
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /**
     * Returns the edit distance between {@code a} and {@code b}, counting a swap of two
     * neighbouring letters as one edit (optimal string alignment).
     */
    static int distance(String a, String b) {
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
