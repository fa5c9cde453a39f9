package io.onex.distribution.http.kafka;

import io.onex.bus.kafka.KafkaEventBus;
import io.onex.handler.http.HttpHandlerFactory;
import io.onex.handler.local.LocalHandlerFactory;
import io.onex.host.api.contract.BusKind;
import io.onex.wiring.core.HostComposition;

/**
 * The {@code onex-host} command of the http-kafka distribution: the same commands, options and
 * exit codes as the full host's, with the local and http handlers and the in-memory and Kafka
 * buses only.
 */
public final class Main {

    /** The distribution's name, in messages about what it leaves out. */
    static final String DISTRIBUTION = "http-kafka";

    private Main() {
    }

    /** Runs the command line of the http-kafka host and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(HostComposition.builder(DISTRIBUTION)
                .handler(new LocalHandlerFactory())
                .handler(new HttpHandlerFactory())
                .bus(BusKind.KAFKA, KafkaEventBus::create)
                .build().cli(args));
    }
}
