package io.onex.host.api;

import java.util.Objects;

/** A message as a bus delivers it: already an envelope, or the JSON it arrived as. */
public sealed interface Inbound {

    /** An envelope object, delivered in process without any encoding. */
    record Decoded(Envelope envelope) implements Inbound {
        public Decoded {
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /**
     * A JSON document (UTF-8) that the subscriber must decode. The bus hands over the array and
     * does not touch it again.
     */
    record Encoded(byte[] json) implements Inbound {
        public Encoded {
            Objects.requireNonNull(json, "json");
        }
    }
}
