package io.onex.bus.kafka;

import io.onex.host.core.log.JsonLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Watches that the bus's three topics exist and that the host may use them: every
 * {@link #CHECK_EVERY} it describes the input, output and dead-letter topics and the consumer
 * group through an admin client, with the operations the broker authorises. The host never
 * creates topics, so a missing one, or one the host may not read or write, is a problem for an
 * operator: each is logged at {@code warn} with what to do (the {@code kafka-topics.sh} or
 * {@code kafka-acls.sh} command), again every {@link #WARN_EVERY} while it lasts, and is reported
 * in the bus health ({@code topic_problems}) until a later check finds it solved; then an
 * {@code info} line says so. While the broker cannot be asked, the last findings stand.
 */
final class TopicWatch {

    /** How often the topics are described. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(5);
    /** How often a problem that lasts is logged again. */
    static final Duration WARN_EVERY = Duration.ofSeconds(30);

    private static final Duration ASK_LIMIT = Duration.ofSeconds(10);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    /**
     * One problem with a topic or the group.
     *
     * @param resource the topic or group name
     * @param role     {@code input}, {@code output}, {@code dead_letter} or {@code consumer_group}
     * @param problem  what is wrong
     * @param fix      what to do about it
     */
    record Problem(String resource, String role, String problem, String fix) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("resource", resource);
            map.put("role", role);
            map.put("problem", problem);
            map.put("fix", fix);
            return map;
        }
    }

    private final KafkaBusSettings settings;
    private final JsonLog log;
    private final Map<String, String> roles = new LinkedHashMap<>();
    private volatile List<Problem> problems = List.of();
    private volatile boolean running = true;
    private Thread thread;
    private long lastWarned;

    TopicWatch(KafkaBusSettings settings, JsonLog log) {
        this.settings = settings;
        this.log = log;
        roles.put(settings.topics().input(), "input");
        roles.putIfAbsent(settings.topics().output(), "output");
        roles.putIfAbsent(settings.topics().deadLetter(), "dead_letter");
    }

    /** Returns the problems found by the latest check that could ask the broker. */
    List<Problem> problems() {
        return problems;
    }

    /** Starts watching on a daemon thread of the bus. */
    synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("onex-kafka-topics").start(this::run);
    }

    /** Stops watching; waits briefly for the thread. */
    void stop() {
        running = false;
        Thread current;
        synchronized (this) {
            current = thread;
        }
        if (current != null) {
            current.interrupt();
            try {
                current.join(ASK_LIMIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Admin admin;
        try {
            admin = Admin.create(adminProperties());
        } catch (KafkaException e) {
            log.error("the Kafka topic check cannot run", "exception", e.getClass().getName());
            return;
        }
        try {
            while (running) {
                checkOnce(admin);
                try {
                    Thread.sleep(CHECK_EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            admin.close(CLOSE_LIMIT);
        }
    }

    private Map<String, Object> adminProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        settings.consumer().forEach((name, value) -> {
            if (AdminClientConfig.configNames().contains(name)) {
                properties.put(name, value);
            }
        });
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "onex-topic-check");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_LIMIT.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_LIMIT.toMillis());
        return properties;
    }

    private void checkOnce(Admin admin) {
        List<Problem> found = new ArrayList<>();
        try {
            Map<String, KafkaFuture<TopicDescription>> topics = admin.describeTopics(roles.keySet(),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true)).topicNameValues();
            for (Map.Entry<String, String> topic : roles.entrySet()) {
                topicProblem(topic.getKey(), topic.getValue(), topics.get(topic.getKey())).ifPresent(found::add);
            }
            String group = settings.consumerGroup();
            groupProblem(group, admin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true)).describedGroups().get(group))
                    .ifPresent(found::add);
        } catch (Unanswered e) {
            return; // the broker cannot be asked now: bus health says so; the last findings stand
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        report(List.copyOf(found));
    }

    private java.util.Optional<Problem> topicProblem(String topic, String role, KafkaFuture<TopicDescription> future)
            throws Unanswered, InterruptedException {
        String verb = role.equals("input") ? "Read" : "Write";
        try {
            Set<AclOperation> allowed = future.get(ASK_LIMIT.toMillis(), TimeUnit.MILLISECONDS).authorizedOperations();
            if (allowed != null && !allowed.contains(AclOperation.ALL)
                    && !allowed.contains(role.equals("input") ? AclOperation.READ : AclOperation.WRITE)) {
                return java.util.Optional.of(new Problem(topic, role, "the host may not " + verb.toLowerCase(
                        java.util.Locale.ROOT) + " the " + role.replace('_', '-') + " topic (no " + verb + " ACL)",
                        acl(verb, "--topic " + topic)));
            }
            return java.util.Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return java.util.Optional.of(new Problem(topic, role, "the " + role.replace('_', '-')
                        + " topic does not exist (the host never creates topics)",
                        "create it: kafka-topics.sh --bootstrap-server " + settings.bootstrapServers()
                                + " --create --topic " + topic + " --partitions 3"));
            }
            if (e.getCause() instanceof TopicAuthorizationException) {
                return java.util.Optional.of(new Problem(topic, role, "the host may not describe the "
                        + role.replace('_', '-') + " topic (no Describe ACL; it also needs " + verb + ")",
                        acl("Describe", "--topic " + topic) + "; and the same with --operation " + verb));
            }
            throw new Unanswered();
        } catch (TimeoutException e) {
            throw new Unanswered();
        }
    }

    private java.util.Optional<Problem> groupProblem(String group, KafkaFuture<ConsumerGroupDescription> future)
            throws Unanswered, InterruptedException {
        try {
            Set<AclOperation> allowed = future.get(ASK_LIMIT.toMillis(), TimeUnit.MILLISECONDS).authorizedOperations();
            if (allowed == null || allowed.contains(AclOperation.ALL) || allowed.contains(AclOperation.READ)) {
                return java.util.Optional.empty();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupAuthorizationException)) {
                // A group that does not exist yet, or another answer: joining will create it.
                return java.util.Optional.empty();
            }
        } catch (TimeoutException e) {
            throw new Unanswered();
        }
        return java.util.Optional.of(new Problem(group, "consumer_group",
                "the host may not join its consumer group (no Read ACL on the group)", acl("Read", "--group " + group)));
    }

    private String acl(String operation, String resource) {
        return "grant it: kafka-acls.sh --bootstrap-server " + settings.bootstrapServers()
                + " --add --allow-principal User:<the host's principal> --operation " + operation + " " + resource;
    }

    private void report(List<Problem> found) {
        List<Problem> before = problems;
        problems = found;
        long now = System.nanoTime();
        if (!found.isEmpty() && (!found.equals(before) || now - lastWarned >= WARN_EVERY.toNanos())) {
            lastWarned = now;
            for (Problem problem : found) {
                log.warn("a Kafka topic or group of the host cannot be used; the host is not ready until this is fixed",
                        problem.role().equals("consumer_group") ? "consumer_group" : "topic", problem.resource(),
                        "role", problem.role(), "problem", problem.problem(), "fix", problem.fix());
            }
        } else if (found.isEmpty() && !before.isEmpty()) {
            log.info("the Kafka topics and group of the host can be used now", "topics", List.copyOf(roles.keySet()),
                    "consumer_group", settings.consumerGroup());
        }
    }

    /** The broker did not answer a question in time, or answered with an error that says nothing of the topic. */
    private static final class Unanswered extends Exception {
        private static final long serialVersionUID = 1L;

        Unanswered() {
            super(null, null, false, false);
        }
    }
}
