package io.onex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in a forked JVM, on
 * free loopback ports and a private data folder.
 *
 * <p>The broker runs {@code kafka.Kafka} from the {@code org.apache.kafka:kafka_2.13} artifact
 * on the test JVM's own class path, after formatting its storage. It can be killed with SIGKILL
 * ({@link #kill()}), stopped gracefully ({@link #stop()}) and started again on the same ports
 * and data ({@link #restart()}), so chaos tests can take it away mid-stream. Topics are created
 * by the fixture ({@link #createTopic}); the broker creates none by itself.
 *
 * <p>Start one per test class: {@link #start()} takes about ten seconds. Measurements start
 * theirs with {@link #start(Jvm) start(Jvm.PRODUCTION)}, a broker in the JVM Kafka's own scripts
 * give it, so that its collector's pauses do not stand in for what is measured. A module that uses it
 * declares {@code org.apache.kafka:kafka_2.13} as a test dependency, so that the broker is on its
 * test class path (the testkit's own dependency on it is optional).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);
    private static final Duration FORMAT_LIMIT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private final Path home;
    private final Path config;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final java.util.Optional<SaslUser> saslUser;
    private final Jvm jvm;
    private Process process;
    private boolean closed;

    /** The JVM a broker runs in. */
    public enum Jvm {
        /**
         * A small JVM, {@code -Xms64m -Xmx512m} and the serial collector: what the test suites
         * start, many brokers one after another on a small machine. Its young generation is small,
         * so under load the broker pauses for young collections of 5-10 ms about twice a second.
         */
        LIGHT(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC")),
        /**
         * What Kafka's own start scripts give a broker ({@code kafka-server-start.sh}: a 1 GiB
         * heap; {@code kafka-run-class.sh}: G1 with a 20 ms pause goal): few collections under
         * load, so the broker's pauses do not dominate the tail of a latency measured through it.
         */
        PRODUCTION(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15"));

        private final List<String> options;

        Jvm(List<String> options) {
            this.options = options;
        }

        /** Returns the options this JVM starts with. */
        public List<String> options() {
            return options;
        }
    }

    /** The one SASL/PLAIN user of a broker that enforces ACLs, and the port it connects to. */
    private record SaslUser(int port, String name, String password) {
    }

    private KafkaBroker(Path home, int port, int controllerPort, java.util.Optional<SaslUser> saslUser, Jvm jvm) {
        this.saslUser = saslUser;
        this.jvm = jvm;
        this.home = home;
        this.config = home.resolve("server.properties");
        this.logFile = home.resolve("broker.log");
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats a new broker's storage in a temporary folder, starts it and waits until it answers.
     *
     * @throws IllegalStateException when the broker does not come up within 90 seconds; the
     *                               message holds the end of its log
     */
    public static KafkaBroker start() {
        return start(Jvm.LIGHT);
    }

    /**
     * Starts a broker, as {@link #start()} does, in a JVM with {@code jvm}'s options.
     *
     * @throws IllegalStateException when the broker does not come up within 90 seconds; the
     *                               message holds the end of its log
     */
    public static KafkaBroker start(Jvm jvm) {
        int[] ports = KafkaBrokerJvm.freePorts(2);
        return start(home -> new KafkaBroker(home, ports[0], ports[1], java.util.Optional.empty(), jvm));
    }

    /**
     * Starts a broker, as {@link #start()} does, that also listens for SASL/PLAIN clients on a
     * port of its own ({@link #saslBootstrapServers()}) with one user, {@code user} with
     * {@code password}, and enforces ACLs (KRaft {@code StandardAuthorizer}): that user may do
     * only what {@link #allow} grants. The fixture's own admin client and {@link #bootstrapServers()}
     * stay unauthenticated super users.
     */
    public static KafkaBroker startWithAcls(String user, String password) {
        int[] ports = KafkaBrokerJvm.freePorts(3);
        return start(home -> new KafkaBroker(home, ports[0], ports[1],
                java.util.Optional.of(new SaslUser(ports[2], user, password)), Jvm.LIGHT));
    }

    private static KafkaBroker start(java.util.function.Function<Path, KafkaBroker> create) {
        Path home;
        try {
            home = Files.createTempDirectory("onex-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = create.apply(home);
        try {
            broker.writeConfig();
            KafkaBrokerJvm.format(broker.home, broker.config, FORMAT_LIMIT);
            broker.launch();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(broker::destroyQuietly));
        return broker;
    }

    /** Returns the address clients connect to, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Returns the address SASL/PLAIN clients connect to on a broker started {@link #startWithAcls with ACLs}. */
    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslUser.orElseThrow(() -> new IllegalStateException("this broker has no SASL listener"))
                .port();
    }

    /**
     * Allows the SASL user {@code operation} on the topic or group {@code name} (an ACL on the
     * literal name), and waits until the broker has it.
     */
    public void allow(org.apache.kafka.common.acl.AclOperation operation,
            org.apache.kafka.common.resource.ResourceType type, String name) {
        SaslUser user = saslUser.orElseThrow(() -> new IllegalStateException("this broker enforces no ACLs"));
        var binding = new org.apache.kafka.common.acl.AclBinding(
                new org.apache.kafka.common.resource.ResourcePattern(type, name,
                        org.apache.kafka.common.resource.PatternType.LITERAL),
                new org.apache.kafka.common.acl.AccessControlEntry("User:" + user.name(), "*", operation,
                        org.apache.kafka.common.acl.AclPermissionType.ALLOW));
        try (Admin admin = admin()) {
            admin.createAcls(List.of(binding)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the ACL " + binding, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Returns the client port. */
    public int port() {
        return port;
    }

    /** Returns the broker process's id. */
    synchronized long pid() {
        return process.pid();
    }

    /** Returns whether the broker process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates a topic with {@code partitions} partitions (replication factor 1) and waits until
     * every partition has a leader. Creating a topic that exists is not an error.
     */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                }
            }
            long deadline = System.nanoTime() + START_LIMIT.toNanos();
            while (!allPartitionsLed(admin, name, partitions)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("topic " + name + " has partitions without a leader");
                }
                KafkaBrokerJvm.pause(Duration.ofMillis(50));
            }
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** Creates each topic with {@code partitions} partitions, as {@link #createTopic} does. */
    public void createTopics(int partitions, String... names) {
        for (String name : names) {
            createTopic(name, partitions);
        }
    }

    /**
     * Kills the broker with SIGKILL, as a crash or an out-of-memory kill would, and waits until
     * the process is gone. Its data stays; {@link #restart()} brings it back.
     */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            KafkaBrokerJvm.waitFor(process, STOP_LIMIT);
        }
    }

    /** Stops the broker gracefully (SIGTERM) and waits until it has exited. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!KafkaBrokerJvm.waitFor(process, STOP_LIMIT)) {
                process.destroyForcibly();
                KafkaBrokerJvm.waitFor(process, STOP_LIMIT);
            }
        }
    }

    /**
     * Starts the broker again on the same ports and data after {@link #kill()} or
     * {@link #stop()}, and waits until it answers.
     *
     * @throws IllegalStateException when the broker is running or does not come back
     */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the broker is running; kill() or stop() it first");
        }
        launch();
        awaitReady();
    }

    /** Returns the broker's own log (standard output and error), for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no broker log: " + e.getMessage() + ")";
        }
    }

    /** Stops the broker and deletes its data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyQuietly();
        KafkaBrokerJvm.deleteRecursively(home);
    }

    /** Returns an admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(properties);
    }

    private void writeConfig() {
        Map<String, String> settings = saslUser.map(user -> KafkaBrokerSettings.withAcls(home.resolve("data"), port,
                user.port(), controllerPort, user.name(), user.password()))
                .orElseGet(() -> KafkaBrokerSettings.of(home.resolve("data"), port, controllerPort));
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.writeString(config, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void launch() {
        List<String> command = KafkaBrokerJvm.command(jvm, "kafka.Kafka", config.toString());
        try {
            process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!isRunning()) {
                    throw new IllegalStateException("the Kafka broker exited during start-up; its log:\n" + logTail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not up yet: try again until the deadline.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the Kafka broker did not answer within " + START_LIMIT
                            + "; its log:\n" + logTail());
                }
                KafkaBrokerJvm.pause(Duration.ofMillis(100));
            }
        }
    }

    private static boolean allPartitionsLed(Admin admin, String topic, int partitions)
            throws InterruptedException, TimeoutException {
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size() >= partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            return false;
        }
    }

    private synchronized void destroyQuietly() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            KafkaBrokerJvm.waitFor(process, STOP_LIMIT);
        }
    }
}
