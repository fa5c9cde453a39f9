package io.onex.host.core.json;

/**
 * Shortens text taken from input before it goes into an error message, so that messages stay
 * small and never carry a whole document.
 */
public final class Excerpt {

    private Excerpt() {
    }

    /**
     * Returns {@code text} if it has at most {@code maxLength} chars, else its beginning followed
     * by {@code "..."}; never splits a surrogate pair.
     */
    public static String of(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        int end = Math.max(0, maxLength - 3);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }
}
