package io.onex.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the runtime and node contracts the benchmarks host into a folder, as users write them. */
public final class ContractYaml {

    /** The node slug prefix of the echo nodes: {@code echo_0}, {@code echo_1}, ... */
    public static final String ECHO_PREFIX = "echo_";

    private ContractYaml() {
    }

    /** Writes a contract of {@code count} nodes that answer with the local handler's echo; returns runtime.yaml. */
    public static Path echoNodes(Path folder, int count) {
        Path runtime = write(folder.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: perf_echo
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: inmemory
                  handlers:
                    - type: local
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """);
        writeEchoNodes(folder, count);
        return runtime;
    }

    /**
     * Writes a contract of {@code count} echo nodes on the Kafka bus, as a user of the Kafka
     * example writes it: brokers from {@code ${KAFKA_BOOTSTRAP_SERVERS}}, the given topics and
     * consumer group, default backpressure, and {@code clientProperties} (none: the bus's
     * defaults). Returns runtime.yaml.
     */
    public static Path kafkaEchoNodes(Path folder, int count, String group, String input, String output,
            String deadLetter, Map<String, String> clientProperties) {
        StringBuilder properties = new StringBuilder();
        if (!clientProperties.isEmpty()) {
            properties.append("      client_properties:\n");
            clientProperties.forEach((name, value) -> properties.append("        ").append(name).append(": \"")
                    .append(value).append("\"\n"));
        }
        Path runtime = write(folder.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: perf_kafka_echo
                  version: "1.0.0"
                  environment: dev
                  event_bus:
                    kind: kafka
                    config:
                      bootstrap_servers: "${KAFKA_BOOTSTRAP_SERVERS}"
                      consumer_group: %s
                      topics:
                        input: %s
                        output: %s
                        dead_letter: %s
                %s  handlers:
                    - type: local
                  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """.formatted(group, input, output, deadLetter, properties));
        writeEchoNodes(folder, count);
        return runtime;
    }

    private static void writeEchoNodes(Path folder, int count) {
        for (int i = 0; i < count; i++) {
            write(folder.resolve("nodes/" + ECHO_PREFIX + i + ".yaml"), """
                    schema_version: "1.0.0"
                    name: %s%d
                    node_type: EFFECT
                    io_operations:
                      - handler: local
                        operations: [local.echo]
                    """.formatted(ECHO_PREFIX, i));
        }
    }

    /**
     * Writes a contract with an HTTP node ({@code http_node}, base URL from {@code ${PERF_HTTP_BASE}})
     * and, when {@code withDb}, a db node ({@code db_node}, URL and user from {@code ${PERF_DB_URL}}
     * and {@code ${PERF_DB_USER}}, password read from {@code passwordFile}); returns runtime.yaml.
     */
    public static Path ioNodes(Path folder, boolean withDb, Path passwordFile) {
        List<String> handlers = new ArrayList<>(List.of("""
                    - type: http
                      timeout_ms: 5000
                      config:
                        base_url: "${PERF_HTTP_BASE}"
                """));
        if (withDb) {
            handlers.add("""
                    - type: db
                      config:
                        url: "${PERF_DB_URL}"
                        username: "${PERF_DB_USER}"
                        password: { secret_ref: "file:%s" }
                        pool_size: 2
                """.formatted(passwordFile));
        }
        Path runtime = write(folder.resolve("runtime.yaml"), """
                schema_version: "1.0.0"
                runtime:
                  name: perf_io
                  version: "1.0.0"
                  environment: prod
                  event_bus:
                    kind: inmemory
                  handlers:
                %s  nodes_dir: nodes
                  shutdown: { grace_seconds: 5 }
                """.formatted(String.join("", handlers)));
        write(folder.resolve("nodes/http_node.yaml"), """
                schema_version: "1.0.0"
                name: http_node
                node_type: EFFECT
                io_operations:
                  - handler: http
                    operations: [http.get]
                """);
        if (withDb) {
            write(folder.resolve("nodes/db_node.yaml"), """
                    schema_version: "1.0.0"
                    name: db_node
                    node_type: EFFECT
                    io_operations:
                      - handler: db
                        operations: [db.query]
                    """);
        }
        return runtime;
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
