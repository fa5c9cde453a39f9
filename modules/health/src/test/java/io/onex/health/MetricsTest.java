package io.onex.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import io.onex.host.api.InvalidOperationException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest extends TestHostFixture {

    private static final int ENVELOPES = 20_000;
    private static final Pattern UUID_IN_LABEL = Pattern.compile(
            "=\"[^\"]*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[^\"]*\"");

    @TempDir
    Path dir;

    /** Sends a mix of successes, handler failures, routing failures and unreadable input. */
    private List<UUID> load(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope request = switch (i % 4) {
                case 0, 1 -> Envelope.request("echo", HandlerType.of("local"), "local.echo", Map.of("i", i));
                case 2 -> Envelope.request("echo", HandlerType.of("local"), "local.error", Map.of("i", i));
                default -> Envelope.request("nowhere", HandlerType.of("local"), "local.echo", Map.of("i", i));
            };
            ids.add(request.envelopeId());
            test.publish(request);
        }
        test.host.bus().publishEncoded(TestHost.INPUT, "not json".getBytes(StandardCharsets.UTF_8));
        return ids;
    }

    private void scriptFailures() {
        test.local.behaviour = invocation -> {
            if (invocation.envelope().operation().equals("local.error")) {
                throw new InvalidOperationException("scripted failure");
            }
            return Map.of("ok", true);
        };
    }

    @Test
    void aScrapeTakenUnderLoadPassesPromtool() throws Exception {
        test = TestHost.start();
        scriptFailures();
        Thread producer = Thread.ofPlatform().start(() -> load(ENVELOPES));
        List<String> scrapes = new ArrayList<>();
        int underLoad = 0;
        // Scrape while the load runs (a bounded number of times), then once more after it.
        for (int i = 0; i < 500 && (producer.isAlive() || test.host.progress().workWaiting()); i++) {
            if (test.host.progress().workWaiting()) {
                underLoad++;
            }
            scrapes.add(test.get("/metrics").body());
        }
        producer.join(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> !test.host.progress().workWaiting());
        scrapes.add(test.get("/metrics").body());

        assertThat(underLoad).as("scrapes taken while envelopes were in flight or queued").isPositive();
        for (String scrape : scrapes) {
            assertThat(promtool(scrape)).as("promtool check metrics on a scrape taken under load").isEmpty();
        }
    }

    @Test
    void theScrapeCountsEnvelopesByNodeBindingAndErrorCode() {
        test = TestHost.start();
        scriptFailures();
        load(400);
        await().atMost(Duration.ofSeconds(30)).until(() -> test.host.stats().succeededCount()
                + test.host.stats().failedCount() == 401);

        HttpResponse<String> response = test.get("/metrics");
        String scrape = response.body();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(value(scrape, "onex_envelopes_answered_total{binding=\"local\",handler_type=\"local\",node=\"echo\"}"))
                .isEqualTo(200);
        assertThat(value(scrape, "onex_envelopes_failed_total{binding=\"local\",code=\"INVALID_OPERATION\","
                + "handler_type=\"local\",node=\"echo\"}")).isEqualTo(100);
        assertThat(value(scrape, "onex_envelopes_failed_total{binding=\"none\",code=\"NODE_NOT_FOUND\","
                + "handler_type=\"none\",node=\"none\"}")).isEqualTo(100);
        assertThat(value(scrape, "onex_envelopes_failed_total{binding=\"none\",code=\"ENVELOPE_VALIDATION_ERROR\","
                + "handler_type=\"none\",node=\"none\"}")).isEqualTo(1);
        assertThat(value(scrape, "onex_envelopes_received_total{node=\"echo\"}")).isEqualTo(300);
        assertThat(value(scrape, "onex_envelopes_received_total{node=\"none\"}")).isEqualTo(101);
        assertThat(value(scrape, "onex_envelopes_rejected_total")).isEqualTo(1);
        assertThat(value(scrape, "onex_handler_duration_seconds_count{binding=\"local\",handler_type=\"local\","
                + "node=\"echo\"}")).isEqualTo(300);
        assertThat(scrape).contains("onex_handler_duration_seconds_bucket{binding=\"local\",handler_type=\"local\","
                + "node=\"echo\",le=\"0.005\"}");
        assertThat(value(scrape, "onex_envelopes_in_flight{node=\"echo\"}")).isZero();
        assertThat(value(scrape, "onex_host_state{state=\"running\"}")).isEqualTo(1);
        assertThat(value(scrape, "onex_bus_connected{kind=\"inmemory\"}")).isEqualTo(1);
        assertThat(value(scrape, "onex_bus_consumer_lag{topic=\"" + TestHost.INPUT + "\"}")).isZero();
        assertThat(value(scrape, "onex_binding_up{binding=\"db\",handler_type=\"db\"}")).isEqualTo(1);
        assertThat(value(scrape, "onex_handler_retries_total{binding=\"local\",handler_type=\"local\"}")).isZero();
        assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                "process_cpu_usage");
    }

    @Test
    void noLabelValueIsEverAnEnvelopeOrCorrelationId() {
        test = TestHost.start();
        scriptFailures();
        List<UUID> ids = load(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> test.host.stats().succeededCount()
                + test.host.stats().failedCount() == 201);

        String scrape = test.get("/metrics").body();

        assertThat(UUID_IN_LABEL.matcher(scrape).find()).as("a UUID in a label value").isFalse();
        assertThat(ids).allSatisfy(id -> assertThat(scrape).doesNotContain(id.toString()));
    }

    @Test
    void aRequiredBindingGoingDownShowsInItsUpGauge() {
        test = TestHost.start();

        test.db.healthy = false;

        assertThat(value(test.get("/metrics").body(), "onex_binding_up{binding=\"db\",handler_type=\"db\"}")).isZero();
    }

    @Test
    void theNumbersOfTheHostsReportSectionsAreGauges() {
        test = TestHost.start();

        assertThat(value(test.get("/metrics").body(), "onex_report_value{field=\"answer\",section=\"extra_section\"}"))
                .isEqualTo(42.0);
    }

    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!matcher.find()) {
            fail("no series " + series + " in the scrape:\n" + scrape.lines()
                    .filter(l -> l.startsWith(series.substring(0, Math.min(series.length(), 20)))).toList());
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** Returns what {@code promtool check metrics} says about {@code scrape}; empty when it accepts it. */
    private String promtool(String scrape) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("scrape-" + UUID.randomUUID() + ".prom"), scrape);
        Process process;
        try {
            process = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: install the Debian package 'prometheus' "
                    + "(apt-get install -y prometheus; .ci/run does so)", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0 && output.isEmpty()) {
            return "promtool exited with " + process.exitValue();
        }
        return output;
    }
}
