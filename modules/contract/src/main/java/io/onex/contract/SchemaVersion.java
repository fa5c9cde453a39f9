package io.onex.contract;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** The contract schema versions this host reads: exactly one today. */
final class SchemaVersion {

    /** The only supported schema version. */
    static final String SUPPORTED = "1.0.0";

    private SchemaVersion() {
    }

    /** Reads and checks {@code schema_version}, which every contract must carry. */
    static Optional<String> read(Fields fields) {
        Optional<Node> value = fields.required("schema_version", "schema_version: \"" + SUPPORTED + "\"");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        // Compared as written, so that a YAML number such as 1.0 is named as the user wrote it.
        String written = value.get() instanceof ScalarNode scalar ? scalar.getValue() : Values.describe(value.get());
        if (!SUPPORTED.equals(written)) {
            fields.context().problems().error(value.get(), "unsupported schema_version '" + written
                    + "'; this host supports exactly " + SUPPORTED, List.of(SUPPORTED),
                    "set schema_version: \"" + SUPPORTED + "\"");
            return Optional.empty();
        }
        return Optional.of(SUPPORTED);
    }
}
