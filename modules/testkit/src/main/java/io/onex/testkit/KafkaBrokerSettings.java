package io.onex.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server.properties of the testkit's single-node KRaft broker. */
final class KafkaBrokerSettings {

    private KafkaBrokerSettings() {
    }

    /** Returns the settings of a combined broker and controller on loopback ports. */
    static Map<String, String> of(Path data, int port, int controllerPort) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", data.toString().replace('\\', '/'));
        // Topics exist only when the fixture creates them, as in production where the host creates none.
        settings.put("auto.create.topics.enable", "false");
        // One node: every internal topic has one replica, and few partitions keep start-up fast.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "3");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "3");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("min.insync.replicas", "1");
        // Tests form and re-form consumer groups often: no waiting for more members to join.
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("group.min.session.timeout.ms", "1000");
        settings.put("num.partitions", "1");
        return settings;
    }

    /**
     * Returns the settings of {@link #of} with a second client listener, SASL/PLAIN on
     * {@code saslPort} for one user, and ACLs enforced by the KRaft {@code StandardAuthorizer}:
     * the user may do only what an ACL allows. The plaintext listener (for the fixture's own admin
     * client) and the controller listener stay unauthenticated, as super user ANONYMOUS; every
     * listener is on loopback only.
     */
    static Map<String, String> withAcls(Path data, int port, int saslPort, int controllerPort, String user,
            String password) {
        Map<String, String> settings = of(data, port, controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        settings.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\"" + password + "\";");
        settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        settings.put("super.users", "User:ANONYMOUS");
        return settings;
    }
}
