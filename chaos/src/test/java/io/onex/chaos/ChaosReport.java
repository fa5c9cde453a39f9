package io.onex.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable record of one scenario: what was injected and when, what the health server
 * said over time, and the figures at the end. Appended as one Markdown section to the suite's
 * report file ({@code chaos/target/chaos-report.md}) when the scenario ends, passed or failed.
 */
final class ChaosReport {

    private static final Path FILE = Path.of(System.getProperty("onex.chaos.report", "target/chaos-report.md"));

    private final String scenario;
    private final Instant startedAt = Instant.now();
    private final long start = System.nanoTime();
    private final List<String> timeline = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    private ChaosReport(String scenario) {
        this.scenario = scenario;
    }

    /** Starts the report of {@code scenario}; its clock starts now. */
    static ChaosReport begin(String scenario) {
        return new ChaosReport(scenario);
    }

    /** Returns the time since the scenario started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Records that {@code what} happened now, on the scenario's clock. */
    synchronized void event(String what) {
        timeline.add(String.format(Locale.ROOT, "+%6.2f s  %s", elapsed().toMillis() / 1000.0, what));
    }

    /** Records a figure of the outcome, e.g. envelopes in and out. */
    synchronized void figure(String name, Object value) {
        figures.put(name, String.valueOf(value));
    }

    /** Formats a duration as seconds with two decimals. */
    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
    }

    /** Appends this scenario's section to the report file, saying whether it passed. */
    synchronized void write(String outcome) {
        StringBuilder text = new StringBuilder();
        text.append("## ").append(scenario).append("\n\n");
        text.append("Started ").append(startedAt).append(", ran ").append(seconds(elapsed()))
                .append(", outcome: **").append(outcome).append("**\n\n");
        text.append("Timeline:\n\n```\n");
        timeline.forEach(line -> text.append(line).append('\n'));
        text.append("```\n\n");
        if (!figures.isEmpty()) {
            text.append("| figure | value |\n| --- | --- |\n");
            figures.forEach((name, value) -> text.append("| ").append(name).append(" | ")
                    .append(value.replace("|", "\\|")).append(" |\n"));
            text.append('\n');
        }
        try {
            Files.createDirectories(FILE.toAbsolutePath().getParent());
            Files.writeString(FILE, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
