package io.onex.secrets;

/** What one source answered for one reference: the value, or why it does not have it. */
sealed interface Lookup {

    /** The source has the value. */
    record Found(String value) implements Lookup {
        @Override
        public String toString() {
            return "Found[<redacted>]";
        }
    }

    /**
     * The source does not have the value, or could not be asked; {@code reason} says which and
     * names the source, e.g. {@code "env: DB_PASSWORD is not set"}. It never carries a value.
     */
    record Absent(String reason) implements Lookup {}
}
