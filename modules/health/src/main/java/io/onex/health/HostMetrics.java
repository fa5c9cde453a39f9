package io.onex.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.core.resilience.BreakerState;
import io.onex.host.api.EnvelopeMeter;
import io.onex.host.api.HostObserver;
import io.onex.host.core.status.BindingActivity;
import io.onex.host.core.status.HostStatus;
import io.onex.host.core.status.NodeActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The host's metrics in Micrometer, scraped as Prometheus text: envelope outcomes by node,
 * binding and error code, handler latency histograms, in-flight work, breaker states, retries,
 * the bus, and the JVM's memory, GC, threads and CPU.
 *
 * <p>It is the host's {@link HostObserver}: give it to the host's builder, so every node and
 * binding gets its meters once, then {@link #bind} it to the started host for the gauges that
 * read the host's state. Every label value comes from the contract or a closed set; no
 * envelope-specific value ever becomes a label.
 */
public final class HostMetrics implements HostObserver {

    /** The latency histogram's bucket bounds: from a millisecond to half a minute. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, List<Timer>> latencyByBinding = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private HostMetrics() {
        // Two of Micrometer's processor meters break Prometheus naming rules (promtool rejects
        // "_ns" in a name and "_count" on a gauge): the CPU time is left out (process_cpu_usage
        // remains) and the processor count is renamed.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Returns a new set of metrics with the JVM's meters registered. */
    public static HostMetrics create() {
        return new HostMetrics();
    }

    @Override
    public EnvelopeMeter meter(String node, String binding, HandlerType type) {
        Tags tags = Tags.of("node", node, "binding", binding, "handler_type", type == null ? "none" : type.wireName());
        Timer latency = null;
        if (type != null) {
            latency = Timer.builder("onex.handler.duration")
                    .description("Time the binding's handler took per call, whatever the outcome")
                    .tags(tags)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry);
            List<Timer> timers = latencyByBinding.computeIfAbsent(binding, b -> new CopyOnWriteArrayList<>());
            if (!timers.contains(latency)) {
                timers.add(latency);
            }
        }
        // Only a binding answers successfully; envelopes that failed before reaching one have no
        // success series.
        Counter answered = type == null ? null : Counter.builder("onex.envelopes.answered")
                .description("Envelopes answered with a successful response")
                .tags(tags)
                .register(registry);
        return new BindingMeter(tags, answered, latency);
    }

    /**
     * Registers the meters that read the state of {@code host}: per-node counts and in-flight
     * work, host state, bus health and lag, and per-binding health, breaker state and retries.
     */
    public void bind(HostStatus host) {
        List<NodeActivity> nodes = new ArrayList<>(host.nodeActivity());
        nodes.add(host.unrouted());
        for (NodeActivity node : nodes) {
            FunctionCounter.builder("onex.envelopes.received", node, NodeActivity::received)
                    .description("Envelopes the host took up, by the node they named")
                    .tag("node", node.node())
                    .register(registry);
            Gauge.builder("onex.envelopes.in.flight", node, NodeActivity::inFlight)
                    .description("Envelopes being worked on now")
                    .tag("node", node.node())
                    .register(registry);
        }
        FunctionCounter.builder("onex.envelopes.rejected", host, HostStatus::rejected)
                .description("Input that was not a valid envelope at all")
                .register(registry);
        FunctionCounter.builder("onex.responses.publish.failures", host, HostStatus::publishFailures)
                .description("Responses that could not be published")
                .register(registry);
        Gauge.builder("onex.host.in.flight.limit", host, HostStatus::maxInFlight)
                .description("How many envelopes may be in flight at once")
                .register(registry);
        for (String state : HostStatus.states()) {
            Gauge.builder("onex.host.state", host, h -> h.state().equals(state) ? 1 : 0)
                    .description("1 for the state the host is in, 0 for the others")
                    .tag("state", state)
                    .register(registry);
        }
        Gauge.builder("onex.bus.connected", host, h -> h.bus().connected() ? 1 : 0)
                .description("1 while the bus can publish and deliver")
                .tag("kind", host.contract().eventBus().kind().name().toLowerCase(Locale.ROOT))
                .register(registry);
        Gauge.builder("onex.bus.consumer.lag", host, BusReport::consumerLag)
                .description("Messages of the input topic not yet taken up by this host")
                .tag("topic", host.inputTopic())
                .register(registry);
        host.reports().forEach((section, report) -> report.get().forEach((field, value) -> {
            if (value instanceof Number) {
                // e.g. section "secrets": reads, refreshes, failures, stale_served, cached.
                Gauge.builder("onex.report.value", report, r -> r.get().get(field) instanceof Number n
                                ? n.doubleValue() : Double.NaN)
                        .description("A number of a section of the host's status report (/health/handlers)")
                        .tags("section", section, "field", field)
                        .register(registry);
            }
        }));
        for (BindingActivity handler : host.bindings()) {
            Tags tags = Tags.of("binding", handler.name(), "handler_type", handler.type());
            Gauge.builder("onex.binding.up", handler, h -> h.health().healthy() ? 1 : 0)
                    .description("1 while the binding reports itself healthy")
                    .tags(tags)
                    .register(registry);
            FunctionCounter.builder("onex.handler.retries", handler, h -> h.guard().retries())
                    .description("Attempts after the first, over all calls of the binding")
                    .tags(tags)
                    .register(registry);
            FunctionCounter.builder("onex.handler.timeouts", handler, h -> h.guard().timeouts())
                    .description("Attempts that ran past the binding's timeout_ms")
                    .tags(tags)
                    .register(registry);
            rejections(handler, tags, "circuit_open", h -> h.guard().circuitOpenRejections());
            rejections(handler, tags, "rate_limited", h -> h.guard().rateLimitedRejections());
            rejections(handler, tags, "overloaded", h -> h.guard().bulkheadRejections());
            if (handler.breakerState().isPresent()) {
                FunctionCounter.builder("onex.breaker.openings", handler, h -> h.guard().breakerOpenings())
                        .description("Times the binding's circuit breaker opened")
                        .tags(tags)
                        .register(registry);
                for (BreakerState state : BreakerState.values()) {
                    Gauge.builder("onex.breaker.state", handler,
                                    h -> h.breakerState().filter(state::equals).isPresent() ? 1 : 0)
                            .description("1 for the state the binding's circuit breaker is in, 0 for the others")
                            .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
                            .register(registry);
                }
            }
        }
    }

    private void rejections(BindingActivity handler, Tags tags, String reason,
            java.util.function.ToDoubleFunction<BindingActivity> count) {
        FunctionCounter.builder("onex.guard.rejections", handler, count)
                .description("Calls the binding's resilience guard answered without calling the handler, by reason")
                .tags(tags.and("reason", reason))
                .register(registry);
    }

    /** Returns every meter as Prometheus text. */
    public String scrape() {
        return registry.scrape();
    }

    /** Returns the latency of the calls of {@code binding} over every node, if it has a handler. */
    Optional<Latency> latency(String binding) {
        List<Timer> timers = latencyByBinding.get(binding);
        if (timers == null) {
            return Optional.empty();
        }
        long count = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        for (Timer timer : timers) {
            count += timer.count();
            totalMillis += timer.totalTime(TimeUnit.MILLISECONDS);
            maxMillis = Math.max(maxMillis, timer.max(TimeUnit.MILLISECONDS));
        }
        return Optional.of(new Latency(count, count == 0 ? 0 : totalMillis / count, maxMillis));
    }

    /** Stops the meters that hold resources (the GC listener). */
    void close() {
        gc.close();
        registry.close();
    }

    /**
     * A latency summary of one binding.
     *
     * @param count      calls measured
     * @param meanMillis their mean duration
     * @param maxMillis  the longest recent one
     */
    record Latency(long count, double meanMillis, double maxMillis) {
    }

    /** The meters of one node and binding; failure counters are made per code on first use. */
    private final class BindingMeter implements EnvelopeMeter {
        private final Tags tags;
        private final Counter answered;
        private final Timer latency;
        private final AtomicReferenceArray<Counter> failed = new AtomicReferenceArray<>(ErrorCode.values().length);

        BindingMeter(Tags tags, Counter answered, Timer latency) {
            this.tags = tags;
            this.answered = answered;
            this.latency = latency;
        }

        @Override
        public void answered() {
            if (answered != null) {
                answered.increment();
            }
        }

        @Override
        public void failed(ErrorCode code) {
            Counter counter = failed.get(code.ordinal());
            if (counter == null) {
                // Registering is idempotent, so two threads racing here end with the same counter.
                counter = Counter.builder("onex.envelopes.failed")
                        .description("Envelopes answered with an error response, by error code")
                        .tags(tags.and("code", code.name()))
                        .register(registry);
                failed.set(code.ordinal(), counter);
            }
            counter.increment();
        }

        @Override
        public void executed(long nanos) {
            if (latency != null) {
                latency.record(nanos, TimeUnit.NANOSECONDS);
            }
        }
    }
}
