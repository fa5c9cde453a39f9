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
     *
     * @param json    the document
     * @param headers headers the transport carried beside it, by name (a Kafka record's W3C
     *                {@code traceparent} and {@code tracestate}); empty when it carried none
     */
    record Encoded(byte[] json, java.util.Map<String, String> headers) implements Inbound {
        public Encoded {
            Objects.requireNonNull(json, "json");
            headers = java.util.Map.copyOf(headers);
        }

        /** A document without transport headers. */
        public Encoded(byte[] json) {
            this(json, java.util.Map.of());
        }
    }
}
