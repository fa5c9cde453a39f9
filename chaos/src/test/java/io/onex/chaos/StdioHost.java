package io.onex.chaos;

import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.core.codec.DecodeResult;
import io.onex.host.core.codec.EnvelopeCodec;
import io.onex.wiring.Launcher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A host launched with {@code --stdio}: envelopes written to its standard input, one per line, and
 * every response line read as it arrives, decoded and kept only as a small {@link Answer} (so large
 * payloads do not pile up in the test), indexed by the request it answers.
 */
final class StdioHost implements AutoCloseable {

    private static final EnvelopeCodec CODEC = EnvelopeCodec.standard();

    /**
     * One response line.
     *
     * @param request the request's envelope id (the response's causation id)
     * @param outcome {@code OK}, or the error code
     * @param bytes   the length of the response line
     */
    record Answer(UUID request, String outcome, int bytes) {
        boolean success() {
            return outcome.equals("OK");
        }
    }

    private final Map<UUID, List<Answer>> answers = new ConcurrentHashMap<>();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final List<String> watched = new CopyOnWriteArrayList<>();
    private final AtomicLong watchedLines = new AtomicLong();
    private final Launcher.Running running;
    private final OutputStream stdin;

    private StdioHost(Map<String, String> env, String... args) throws IOException {
        running = Launcher.start(env, this::accept, args);
        stdin = running.process.getOutputStream();
    }

    /** Launches {@code onex-host COMMAND CONTRACT --stdio} with {@code env}. */
    static StdioHost start(Map<String, String> env, String command, String contract) throws IOException {
        return new StdioHost(env, command, contract, "--stdio");
    }

    /** Returns the running launcher process. */
    Launcher.Running process() {
        return running;
    }

    /** Returns a request in the documented wire format; {@code payloadJson} is a JSON object. */
    static String request(UUID id, String node, String handlerType, String operation, String payloadJson) {
        return "{\"envelope_id\":\"" + id + "\",\"envelope_version\":\"1.0\",\"correlation_id\":\"" + UUID.randomUUID()
                + "\",\"target_node\":\"" + node + "\",\"handler_type\":\"" + handlerType + "\",\"operation\":\""
                + operation + "\",\"payload\":" + payloadJson + ",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
    }

    /** Writes one request line and returns its envelope id. */
    UUID send(String node, String handlerType, String operation, String payloadJson) {
        UUID id = UUID.randomUUID();
        write(request(id, node, handlerType, operation, payloadJson));
        return id;
    }

    /** Writes one line (blocking while the host's input pipe is full). */
    synchronized void write(String line) {
        try {
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the host stopped reading its input", e);
        }
    }

    /** Waits (bounded) until every request of {@code ids} has at least one answer. */
    void awaitAnswers(Collection<UUID> ids, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(20))
                .until(() -> ids.stream().allMatch(answers::containsKey));
    }

    /** Waits (bounded) for the answer to {@code id} and returns its first answer. */
    Answer awaitAnswer(UUID id, Duration limit) {
        awaitAnswers(List.of(id), limit);
        return answers.get(id).getFirst();
    }

    /** Returns the answers {@code id} got so far. */
    List<Answer> answersTo(UUID id) {
        return answers.getOrDefault(id, List.of());
    }

    /** Returns how many response lines arrived. */
    long responseLines() {
        return lines.get();
    }

    /** Returns the ids of {@code ids} not answered exactly once. */
    List<UUID> notAnsweredOnce(Collection<UUID> ids) {
        return ids.stream().filter(id -> answersTo(id).size() != 1).toList();
    }

    /** Counts the first answers to {@code ids} by outcome ({@code OK} or the error code). */
    Map<String, Long> outcomes(Collection<UUID> ids) {
        Map<String, Long> counts = new TreeMap<>();
        for (UUID id : ids) {
            List<Answer> got = answersTo(id);
            counts.merge(got.isEmpty() ? "unanswered" : got.getFirst().outcome(), 1L, Long::sum);
        }
        return counts;
    }

    /** Closes standard input (the end of input: the host drains and exits) and waits for the exit. */
    Launcher.Result finish(Duration limit) throws IOException, InterruptedException {
        stdin.close();
        return running.await(limit);
    }

    /**
     * Counts, from now on, every output line that contains {@code text} (e.g. a secret value that
     * must never be printed), without keeping the lines.
     */
    void watchFor(String text) {
        watched.add(text);
    }

    /** Returns how many output lines contained a text given to {@link #watchFor(String)}. */
    long linesWithWatchedText() {
        return watchedLines.get();
    }

    private void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        lines.incrementAndGet();
        if (watched.stream().anyMatch(line::contains)) {
            watchedLines.incrementAndGet();
        }
        if (CODEC.decode(line) instanceof DecodeResult.Decoded decoded && decoded.envelope().causationId() != null) {
            Envelope response = decoded.envelope();
            String outcome = response.success() ? "OK" : response.error().code().name();
            answers.computeIfAbsent(response.causationId(), id -> new CopyOnWriteArrayList<>())
                    .add(new Answer(response.causationId(), outcome, line.length()));
        } else {
            unreadable.incrementAndGet();
        }
    }

    /** Returns how many output lines were not envelopes. */
    long unreadableLines() {
        return unreadable.get();
    }

    @Override
    public void close() {
        running.close();
    }
}
