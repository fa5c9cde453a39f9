package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.RuntimeContract;
import io.onex.testkit.KafkaBroker;
import io.onex.testkit.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the end-to-end tests of a host set up again and again: node contracts, a host on a real
 * Kafka broker, a db binding on a real PostgreSQL, running the packaged host and stopping it
 * cleanly, and a host assembled in this JVM whose responses are collected. Public, and shipped in
 * this module's test jar with {@link Launcher}, for the chaos suite.
 */
public final class HostFixture {

    /** How long a packaged host may take to drain and exit after SIGTERM. */
    public static final Duration EXIT = Duration.ofSeconds(60);

    private HostFixture() {
    }

    /** What a test does with a started packaged host. */
    @FunctionalInterface
    public interface Exercise {
        /** Drives {@code host}. */
        void run(Launcher.Running host) throws Exception;
    }

    /**
     * Writes {@code nodes/<name>.yaml} in {@code dir}: an EFFECT node {@code name} that may call
     * {@code operations} through {@code binding}. Returns the file.
     */
    public static Path writeNode(Path dir, String name, String binding, String... operations) {
        return Launcher.write(dir, "nodes/" + name + ".yaml", """
                schema_version: "1.0.0"
                name: %s
                node_type: EFFECT
                io_operations:
                  - handler: %s
                    operations: [%s]
                """.formatted(name, binding, String.join(", ", operations)));
    }

    /**
     * Writes {@code nodes/echo.yaml} in {@code dir}: node {@code echo} on the {@code local}
     * binding, answering {@code local.echo}. Returns the file.
     */
    public static Path writeEchoNode(Path dir) {
        return writeNode(dir, "echo", "local", "local.echo");
    }

    /**
     * Runs the packaged host over standard input and output ({@code onex-host dev contract --stdio
     * options...}) with {@code input} and {@code env}, waits for it to exit, checks that it exited
     * 0, and returns its run.
     */
    public static Launcher.Result runStdio(Path contract, String input, Map<String, String> env, String... options)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("dev", contract.toString(), "--stdio"));
        args.addAll(List.of(options));
        Launcher.Result result = Launcher.run(input, env, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    /** Returns every line {@code result} wrote to standard output, decoded as an envelope. */
    public static List<Envelope> envelopes(Launcher.Result result) {
        return result.stdoutLines().stream().map(CommandLineIT::decode).toList();
    }

    /** Returns one {@code --stdio} line: an {@code http.get} of {@code url} for node {@code node}. */
    public static String httpGet(String node, String url) {
        return "{\"target_node\":\"" + node + "\",\"handler_type\":\"http\",\"operation\":\"http.get\","
                + "\"payload\":{\"url\":\"" + url + "\"}}\n";
    }

    /**
     * Checks that {@code onex-host validate} and {@code describe} both refuse {@code contract} with
     * exit code 1, saying each of {@code mentions} on standard error, and that neither writes
     * {@code secret} anywhere.
     */
    public static void assertRefusedWithoutRepeating(Path contract, String secret, String... mentions)
            throws IOException, InterruptedException {
        for (String command : new String[] {"validate", "describe"}) {
            Launcher.Result result = Launcher.run(command, contract.toString());

            assertThat(result.exitCode()).as("%s %s: %s", command, contract, result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).as("%s %s", command, contract).contains(mentions);
            assertThat(result.stdout() + result.stderr()).as("%s %s", command, contract).doesNotContain(secret);
        }
    }

    /**
     * Starts the packaged host ({@code onex-host dev contract}) and runs {@code exercise} with it.
     * An awaited condition that never came true fails with the tail of the host's log and of the
     * broker's, so a failure shows what the host saw.
     */
    public static void runDev(Path contract, KafkaBroker broker, Exercise exercise) throws Exception {
        try (Launcher.Running host = Launcher.start(Map.of(), "dev", contract.toString())) {
            try {
                exercise.run(host);
            } catch (ConditionTimeoutException e) {
                String log = host.stderrSoFar();
                throw new AssertionError(e.getMessage() + "\nhost log (tail):\n"
                        + log.substring(Math.max(0, log.length() - 6000)) + "\nbroker log (tail):\n"
                        + broker.logTail(), e);
            }
        }
    }

    /** Sends SIGTERM to {@code host}, checks that it exits 0 within {@link #EXIT}, and returns its run. */
    public static Launcher.Result stopCleanly(Launcher.Running host) throws IOException, InterruptedException {
        Launcher.Result result = host.stop(EXIT);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    /**
     * Posts a {@code local.echo} request for node {@code echo} to the host's ingress
     * ({@code /v1/envelopes}) and checks that it is answered, echoing {@code {"via": via}}.
     */
    public static void assertEchoes(HealthProbe probe, String via) throws IOException, InterruptedException {
        HttpResponse<String> ingress = probe.post("/v1/envelopes", "{\"target_node\":\"echo\","
                + "\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"via\":\"" + via + "\"}}",
                Duration.ofSeconds(40));
        assertThat(ingress.statusCode()).as(ingress.body()).isEqualTo(200);
        assertThat(ingress.body()).contains("\"success\":true", "\"via\":\"" + via + "\"");
    }

    /** The three topics of a Kafka host: {@code onex.<scope>.orders.cmd.v1}, {@code .evt.v1} and {@code .error.v1}. */
    public record Topics(String input, String output, String deadLetter) {

        /** Returns the topics of {@code scope}. */
        public static Topics of(String scope) {
            String prefix = "onex." + scope + ".orders.";
            return new Topics(prefix + "cmd.v1", prefix + "evt.v1", prefix + "error.v1");
        }

        /** Returns input, output and dead-letter topic, in that order. */
        public String[] all() {
            return new String[] {input, output, deadLetter};
        }
    }

    /**
     * Returns the runtime contract of a dev host named {@code name} on the Kafka bus at
     * {@code bootstrapServers}, with the local handler and the nodes of {@code nodes/}.
     */
    public static KafkaContract kafkaContract(String name, String bootstrapServers, String group, Topics topics) {
        return new KafkaContract(name, bootstrapServers, group, topics);
    }

    /** A runtime contract on the Kafka bus, written by {@link #write}. */
    public static final class KafkaContract {

        private final String name;
        private final String bootstrapServers;
        private final String group;
        private final Topics topics;
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private boolean served;

        private KafkaContract(String name, String bootstrapServers, String group, Topics topics) {
            this.name = name;
            this.bootstrapServers = bootstrapServers;
            this.group = group;
            this.topics = topics;
        }

        /** Adds {@code client_properties.<key>: <yaml>}; {@code yaml} is written as it is (quote it as YAML wants). */
        public KafkaContract clientProperty(String key, String yaml) {
            clientProperties.put(key, yaml);
            return this;
        }

        /** Serves health and the ingress on a free port, and drains for at most 5 s on SIGTERM. */
        public KafkaContract served() {
            served = true;
            return this;
        }

        /** Writes it as {@code dir/runtime.yaml}; returns the file. */
        public Path write(Path dir) {
            StringBuilder properties = new StringBuilder();
            if (!clientProperties.isEmpty()) {
                properties.append("      client_properties:\n");
                clientProperties.forEach((key, yaml) -> properties.append("        ").append(key).append(": ")
                        .append(yaml).append('\n'));
            }
            return Launcher.write(dir, "runtime.yaml", """
                    schema_version: "1.0.0"
                    runtime:
                      name: %s
                      version: "1.0.0"
                      environment: dev
                      event_bus:
                        kind: kafka
                        config:
                          bootstrap_servers: "%s"
                          consumer_group: %s
                          topics: { input: %s, output: %s, dead_letter: %s }
                    %s  handlers:
                        - type: local
                      nodes_dir: nodes
                    %s""".formatted(name, bootstrapServers, group, topics.input(), topics.output(),
                    topics.deadLetter(), properties, served ? """
                          health: { enabled: true, port: 0 }
                          shutdown: { grace_seconds: 5 }
                        """ : ""));
        }
    }

    /**
     * Writes the password of {@code postgres} to {@code dir/db-password}, the secret file
     * {@link #dbBinding} reads it from; returns the file.
     */
    public static Path passwordFile(Path dir, PostgresServer postgres) throws IOException {
        return Files.writeString(dir.resolve("db-password"), postgres.address().password());
    }

    /**
     * Returns a db binding named {@code name} on {@code postgres}, its password read from
     * {@code passwordFile} ({@code file:} secret), as an item of {@code runtime.handlers}: YAML
     * lines indented for that list, put in a contract at column 0.
     */
    public static String dbBinding(String name, boolean required, PostgresServer postgres, Path passwordFile) {
        return """
                    - type: db
                      name: %s
                %s      timeout_ms: 20000
                      config:
                        url: "%s"
                        username: %s
                        password: { secret_ref: "file:%s" }
                        # A freshly started JVM on a loaded machine can take more than the defaults
                        # (2 s to get a connection, 5 s to open one) to open its first connections.
                        acquire_timeout_ms: 20000
                        connect_timeout_ms: 20000
                """.formatted(name, required ? "" : "      required: false\n", postgres.address().r2dbcUrl(),
                postgres.address().user(), passwordFile);
    }

    /**
     * A host started in this JVM from a contract on disk through the embedding API
     * ({@link OnexHost#start}), as {@code onex-host run} runs it; the responses on its output
     * topic are collected by the id of the request they answer, and its log is kept in memory.
     */
    static final class InProcessHost {

        private final RunningHost host;
        private final Map<UUID, Envelope> responses = new ConcurrentHashMap<>();
        private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

        private InProcessHost(Path runtime, Map<String, String> variables, System.Logger.Level level, Secrets secrets) {
            host = OnexHost.builder().build().start(runtime, variables,
                    StartOptions.defaults().log(logs, level).secrets(secrets));
            host.subscribe(envelope -> responses.put(envelope.causationId(), envelope));
        }

        /**
         * Starts the host of {@code runtime} with {@code variables} for its {@code ${NAME}}s,
         * logging from {@code level} up and resolving secrets with {@code secrets}.
         */
        static InProcessHost start(Path runtime, Map<String, String> variables, System.Logger.Level level,
                Secrets secrets) {
            return new InProcessHost(runtime, variables, level, secrets);
        }

        /** Publishes {@code request} on the input topic and returns it. */
        Envelope publish(Envelope request) {
            host.publish(request);
            return request;
        }

        /** Returns the response to {@code request}, waiting at most {@code limit} for it. */
        Envelope answerTo(Envelope request, Duration limit) {
            await().atMost(limit).pollInterval(Duration.ofMillis(5)).until(() -> responses.containsKey(request.envelopeId()));
            return responses.get(request.envelopeId());
        }

        /** Publishes {@code request} and returns its response, waiting at most {@code limit}. */
        Envelope send(Envelope request, Duration limit) {
            return answerTo(publish(request), limit);
        }

        /** Returns the running host. */
        RunningHost host() {
            return host;
        }

        /** Returns the contract it was started from. */
        RuntimeContract contract() {
            return host.contract();
        }

        /** Returns the responses collected so far, by the id of the request each answers. */
        Map<UUID, Envelope> responses() {
            return responses;
        }

        /** Returns everything the host has logged so far. */
        String logs() {
            return logs.toString(StandardCharsets.UTF_8);
        }

        /**
         * Returns the status of binding {@code name} in the host's status view
         * ({@link RunningHost#status()}: health, breaker, calls...).
         */
        Map<?, ?> binding(String name) {
            return ((List<?>) host.status().get("bindings")).stream().map(Map.class::cast)
                    .filter(binding -> name.equals(binding.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no binding " + name + " in " + host.status()));
        }

        /** Shuts the host down. */
        void shutdown() {
            host.close();
        }
    }
}
