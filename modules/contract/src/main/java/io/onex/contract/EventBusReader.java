package io.onex.contract;

import io.onex.contract.Interpolator.Text;
import io.onex.contract.TopicRule.Role;
import io.onex.host.api.ConfigSchema;
import io.onex.host.api.contract.BusKind;
import io.onex.host.api.contract.EventBusSpec;
import io.onex.host.api.contract.EventBusSpec.Backpressure;
import io.onex.host.api.contract.EventBusSpec.Topics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code runtime.event_bus}: the bus kind, its topics, settings and backpressure. */
final class EventBusReader {

    static final List<String> BUS_KEYS = List.of("kind", "config", "backpressure");
    static final List<String> TOPIC_KEYS = List.of("input", "output", "dead_letter");
    static final List<String> BACKPRESSURE_KEYS = List.of("max_inflight_envelopes", "pause_threshold");
    static final Topics DEFAULT_TOPICS = new Topics("onex.local.runtime.cmd.v1", "onex.local.runtime.evt.v1",
            "onex.local.runtime.error.v1");
    static final int DEFAULT_MAX_INFLIGHT = 256;
    /** The Kafka bus settings besides {@code topics}, which this reader checks itself. */
    static final ConfigSchema KAFKA = ConfigSchema.builder()
            .requiredText("bootstrap_servers", null).doc("the Kafka brokers, host:port[,host:port...]")
            .requiredText("consumer_group", null).doc("the consumer group of the host's input topic")
            .scalarMap("client_properties", Map.of()).doc("further Kafka client properties")
            .build();
    static final List<String> KAFKA_CONFIG_KEYS = List.of("bootstrap_servers", "consumer_group", "topics",
            "client_properties");

    private final LoadContext context;

    EventBusReader(LoadContext context) {
        this.context = context;
    }

    /** Returns the bus; the in-memory one with default topics when {@code event_bus} is absent. */
    Optional<EventBusSpec> read(Fields runtime) {
        Optional<Node> section = runtime.take("event_bus");
        if (section.isEmpty()) {
            return Optional.of(new EventBusSpec(BusKind.INMEMORY, DEFAULT_TOPICS,
                    defaultBackpressure(DEFAULT_MAX_INFLIGHT), Map.of()));
        }
        Optional<Fields> fields = Fields.of(context, section.get(), runtime.label("event_bus"), BUS_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields bus = fields.get();
        Optional<BusKind> kind = bus.choice("kind", "event bus kind", BusKind.wireNames(), BusKind::fromWireName,
                Optional.of("kind: inmemory"));
        Optional<Backpressure> backpressure = backpressure(bus);
        Optional<Topics> topics = Optional.empty();
        Map<String, Object> settings = Map.of();
        if (kind.isPresent()) {
            List<String> configKeys = kind.get() == BusKind.KAFKA ? KAFKA_CONFIG_KEYS : List.of("topics");
            Optional<Node> configNode = kind.get() == BusKind.KAFKA
                    ? bus.required("config", "config: { bootstrap_servers: ..., consumer_group: ..., topics: ... }")
                    : bus.take("config");
            Optional<Fields> config = configNode.flatMap(n -> Fields.of(context, n, bus.label("config"), configKeys));
            topics = topics(config, kind.get());
            if (config.isPresent() && kind.get() == BusKind.KAFKA) {
                settings = ConfigReader.read(KAFKA, config.get(), "kafka", true);
            }
            config.ifPresent(Fields::finish);
        } else {
            bus.take("config"); // its keys depend on the kind, which is reported as unknown
        }
        bus.finish();
        if (kind.isEmpty() || topics.isEmpty() || backpressure.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EventBusSpec(kind.get(), topics.get(), backpressure.get(), settings));
    }

    private Optional<Topics> topics(Optional<Fields> config, BusKind kind) {
        boolean required = kind == BusKind.KAFKA;
        Optional<Node> topicsNode = config.flatMap(c -> required
                ? c.required("topics", "topics: { input: onex.acme.orders.cmd.v1, output: onex.acme.orders.evt.v1,"
                        + " dead_letter: onex.acme.orders.error.v1 }")
                : c.take("topics"));
        if (topicsNode.isEmpty()) {
            return required ? Optional.empty() : Optional.of(DEFAULT_TOPICS);
        }
        Optional<Fields> fields = Fields.of(context, topicsNode.get(), config.get().label("topics"), TOPIC_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Map<Role, String> names = new EnumMap<>(Role.class);
        boolean complete = true;
        for (Role role : Role.values()) {
            Optional<String> name = topic(fields.get(), role, required);
            name.ifPresent(n -> names.put(role, n));
            complete &= name.isPresent();
        }
        fields.get().finish();
        return complete ? Optional.of(new Topics(names.get(Role.INPUT), names.get(Role.OUTPUT),
                names.get(Role.DEAD_LETTER))) : Optional.empty();
    }

    private Optional<String> topic(Fields topics, Role role, boolean required) {
        String fallback = switch (role) {
            case INPUT -> DEFAULT_TOPICS.input();
            case OUTPUT -> DEFAULT_TOPICS.output();
            case DEAD_LETTER -> DEFAULT_TOPICS.deadLetter();
        };
        Optional<Node> node = required ? topics.required(role.key, role.key + ": onex.acme.orders." + role.signal + ".v1")
                : topics.take(role.key);
        if (node.isEmpty()) {
            return required ? Optional.empty() : Optional.of(fallback);
        }
        Optional<Text> text = Values.text(context, node.get(), topics.label(role.key));
        text.filter(Text::complete).flatMap(t -> TopicRule.check(t.value(), role)).ifPresent(v ->
                context.problems().error(node.get(), v.problem(), v.validChoices(), v.fix()));
        return text.map(Text::value);
    }

    private Optional<Backpressure> backpressure(Fields bus) {
        Optional<Node> node = bus.take("backpressure");
        if (node.isEmpty()) {
            return Optional.of(defaultBackpressure(DEFAULT_MAX_INFLIGHT));
        }
        Optional<Fields> fields = Fields.of(context, node.get(), bus.label("backpressure"), BACKPRESSURE_KEYS);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Fields limits = fields.get();
        int max = limits.integer("max_inflight_envelopes", DEFAULT_MAX_INFLIGHT, 1, Integer.MAX_VALUE);
        int pause = limits.integer("pause_threshold", defaultPause(max), 1, Integer.MAX_VALUE);
        limits.finish();
        if (pause > max) {
            context.problems().error(limits.keyNode("pause_threshold").orElse(limits.node()),
                    limits.label("pause_threshold") + " (" + pause + ") must not be greater than max_inflight_envelopes ("
                            + max + ")", List.of(), "lower pause_threshold to at most " + max
                            + " (the default is 80% of max_inflight_envelopes), or raise max_inflight_envelopes");
            return Optional.empty();
        }
        return Optional.of(new Backpressure(max, pause));
    }

    private static Backpressure defaultBackpressure(int max) {
        return new Backpressure(max, defaultPause(max));
    }

    static int defaultPause(int max) {
        return Math.max(1, (int) (max * 8L / 10));
    }
}
