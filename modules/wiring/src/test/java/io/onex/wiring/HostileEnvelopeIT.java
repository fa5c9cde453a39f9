package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input at the host's intake, through the real launcher on standard input, on a small
 * heap with {@code -XX:+ExitOnOutOfMemoryError} (the Kubernetes flags): numbers that would
 * expand to a billion chars, envelopes that are small as bytes but huge once read, and bytes that
 * are not strict UTF-8. Each is answered with ENVELOPE_VALIDATION_ERROR and the host answers the
 * next envelope; were any of them to exhaust the heap, the process would exit and the answers
 * after it would be missing.
 */
class HostileEnvelopeIT {

    private static final String QUICKSTART = "examples/quickstart/runtime.yaml";
    private static final Map<String, String> SMALL_HEAP =
            Map.of("ONEX_JAVA_OPTS", "-XX:+UseSerialGC -Xmx128m -XX:+ExitOnOutOfMemoryError");
    private static final String ECHO =
            "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":{\"n\":%d}}";

    @TempDir
    Path dir;

    @Test
    void numbersThatWouldExpandWithoutBoundAreRefusedNamingTheFieldAndTheHostKeepsAnswering() throws Exception {
        List<String> hostile = List.of(
                // The review's 126-byte envelope: a header value.
                "{\"target_node\":\"api\",\"handler_type\":\"http\",\"operation\":\"http.get\","
                        + "\"payload\":{\"url\":\"http://a/\",\"headers\":{\"X-N\":1e999999999}}}",
                "{\"target_node\":\"api\",\"handler_type\":\"http\",\"operation\":\"http.get\","
                        + "\"payload\":{\"url\":\"http://127.0.0.1:9/\",\"query\":{\"page\":1e-999999999}}}",
                "{\"target_node\":\"store\",\"handler_type\":\"db\",\"operation\":\"db.query\","
                        + "\"payload\":{\"sql\":\"SELECT $1\",\"params\":[0E+999999999]}}",
                "{\"target_node\":\"keys\",\"handler_type\":\"vault\",\"operation\":\"vault.write\","
                        + "\"payload\":{\"path\":\"app/x\",\"data\":{\"v\":1.5e999999999}}}",
                "{\"target_node\":\"dir\",\"handler_type\":\"consul\",\"operation\":\"consul.register\","
                        + "\"payload\":{\"name\":\"s\",\"port\":1e999999999}}");
        List<String> where = List.of("/payload/headers/X-N", "/payload/query/page", "/payload/params/0",
                "/payload/data/v", "/payload/port");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < hostile.size(); i++) {
            input.append(hostile.get(i)).append('\n').append(ECHO.formatted(i)).append('\n');
        }
        assertThat(hostile.getFirst()).hasSize(126);

        Launcher.Result result = Launcher.run(input.toString(), SMALL_HEAP, "dev", QUICKSTART, "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> answers = answers(result);
        assertThat(answers).hasSize(2 * hostile.size());
        List<Envelope> refused = answers.stream().filter(a -> !a.success()).toList();
        assertThat(refused).hasSize(hostile.size()).allSatisfy(answer -> {
            assertThat(answer.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(answer.error().message()).contains("is out of range", "more than 1000 digits");
        });
        assertThat(refused).extracting(a -> a.error().message())
                .allSatisfy(message -> assertThat(where).anyMatch(message::contains));
        assertThat(where).allSatisfy(field -> assertThat(refused).anyMatch(a -> a.error().message().contains(field)));
        assertThat(answers).filteredOn(Envelope::success).extracting(a -> a.payload().get("n"))
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void threeAmplifyingEnvelopesOnA128MegabyteHeapAreAllAnsweredAndTheHostAnswersTheNext() throws Exception {
        String prefix = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                + "\"payload\":{\"items\":[";
        int count = (4 * 1024 * 1024 - prefix.length() - 16) / 3;
        StringBuilder amplifying = new StringBuilder(prefix);
        amplifying.append("{}");
        amplifying.append(",{}".repeat(count - 1)).append("]}}");
        assertThat(amplifying.length()).isBetween(4 * 1024 * 1024 - 64, 4 * 1024 * 1024);
        String line = amplifying.append('\n').toString();

        Launcher.Result result = Launcher.run(line + line + line + ECHO.formatted(7) + "\n", SMALL_HEAP,
                "dev", QUICKSTART, "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> answers = answers(result);
        assertThat(answers).hasSize(4);
        assertThat(answers).filteredOn(a -> !a.success()).hasSize(3).allSatisfy(answer -> {
            assertThat(answer.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR);
            assertThat(answer.error().message()).contains("more than 100000 JSON values", "/payload/items/");
        });
        assertThat(answers).filteredOn(Envelope::success).singleElement()
                .satisfies(a -> assertThat(a.payload()).isEqualTo(Map.of("n", 7)));
    }

    @Test
    void anErrorQuotesWhatARequestNamedOnlyUpToItsBoundSoTheAnswerDoesNotMultiplyTheRequest() throws Exception {
        String node = "n".repeat(200_000);
        String request = "{\"target_node\":\"" + node + "\",\"handler_type\":\"local\",\"operation\":\"local.echo\"}";

        Launcher.Result result = Launcher.run(request + "\n" + ECHO.formatted(1) + "\n", SMALL_HEAP, "dev",
                QUICKSTART, "--stdio");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> answers = answers(result);
        assertThat(answers).hasSize(2);
        Envelope refused = answers.stream().filter(a -> !a.success()).findFirst().orElseThrow();
        assertThat(refused.error().code()).isEqualTo(ErrorCode.NODE_NOT_FOUND);
        assertThat(refused.error().message()).startsWith("no node 'nnn").contains("more characters)")
                .hasSizeLessThan(1100);
        // The response names the node twice by contract (source_node, metadata.original_target_node).
        assertThat(result.stdoutLines()).filteredOn(line -> line.contains("NODE_NOT_FOUND")).singleElement()
                .satisfies(line -> assertThat(line.length()).isLessThan(2 * node.length() + 4096));
    }

    @Test
    void bytesThatAreNotStrictUtf8AreRefusedAndTheHostAnswersTheNext() throws Exception {
        byte[][] bad = {
            {(byte) 0xC0, (byte) 0xAF},                           // overlong "/"
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},              // the surrogate U+D800
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // U+110000
        };
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int i = 0; i < bad.length; i++) {
            input.write(("{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"payload\":{\"s\":\"..").getBytes(StandardCharsets.UTF_8));
            input.write(bad[i]);
            input.write("\"}}\n".getBytes(StandardCharsets.UTF_8));
            input.write((ECHO.formatted(i) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Launcher.Result result;
        try (Launcher.Running running = Launcher.start(SMALL_HEAP, "dev", QUICKSTART, "--stdio")) {
            try (OutputStream in = running.process.getOutputStream()) {
                in.write(input.toByteArray());
            }
            result = running.await(Duration.ofSeconds(120));
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Envelope> answers = answers(result);
        assertThat(answers).hasSize(2 * bad.length);
        assertThat(answers).filteredOn(a -> !a.success()).extracting(a -> a.error().message())
                .containsExactlyInAnyOrder(
                        "input is not valid UTF-8: an overlong form at byte 89",
                        "input is not valid UTF-8: an encoded surrogate at byte 89",
                        "input is not valid UTF-8: a code point above U+10FFFF at byte 89");
        assertThat(answers).filteredOn(a -> !a.success())
                .allSatisfy(a -> assertThat(a.error().code()).isEqualTo(ErrorCode.ENVELOPE_VALIDATION_ERROR));
        assertThat(answers).filteredOn(Envelope::success).extracting(a -> a.payload().get("n"))
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aContractFileOverTheSizeLimitIsRefusedUnreadNamingTheFileAndTheLimit() throws Exception {
        Path big = Launcher.write(dir, "runtime.yaml", """
                schema_version: "1.0.0"
                runtime:
                  name: big_host
                  version: "1.0.0"
                  environment: dev
                  handlers:
                    - type: local
                """);
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.seek(file.length());
            // 10 MiB of comment lines: valid YAML that a parser would read to the end.
            byte[] comments = ("#" + "x".repeat(1022) + "\n").repeat(1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 10; i++) {
                file.write(comments);
            }
        }

        Launcher.Result result = Launcher.run("", SMALL_HEAP, "validate", big.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains(big.toString(), "runtime contract",
                "more than the limit of 3145728 bytes (3 MiB); it was not read");
    }

    @Test
    void theHttpIngressRefusesTheSameEnvelopesAndAnswersTheNext() throws Exception {
        Path source = Launcher.HOME.resolve("examples/quickstart");
        Path contract = Launcher.write(dir, "runtime-http.yaml",
                Files.readString(source.resolve("runtime-http.yaml")).replace("port: 8080", "port: 0"));
        try (Stream<Path> nodes = Files.list(source.resolve("nodes"))) {
            for (Path node : nodes.toList()) {
                Launcher.write(dir, "nodes/" + node.getFileName(), Files.readString(node));
            }
        }
        Pattern listening = Pattern.compile("\"message\":\"health server listening\".*?\"port\":(\\d+)");
        try (Launcher.Running host = Launcher.start(SMALL_HEAP, "dev", contract.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> listening.matcher(host.stderrSoFar()).find());
            Matcher port = listening.matcher(host.stderrSoFar());
            assertThat(port.find()).isTrue();
            URI ingress = URI.create("http://127.0.0.1:" + port.group(1) + "/v1/envelopes");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            byte[] overlong = ("{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"payload\":{\"s\":\"\u0001\"}}").getBytes(StandardCharsets.UTF_8);
            int at = indexOf(overlong, (byte) 1);
            byte[] withOverlong = new byte[overlong.length + 1];
            System.arraycopy(overlong, 0, withOverlong, 0, at);
            withOverlong[at] = (byte) 0xC0;
            withOverlong[at + 1] = (byte) 0xAF;
            System.arraycopy(overlong, at + 1, withOverlong, at + 2, overlong.length - at - 1);
            String amplifying = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"payload\":{\"items\":[{}" + ",{}".repeat(1_300_000) + "]}}";
            String number = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"payload\":{\"n\":1e999999999}}";

            Map<byte[], String> refused = new LinkedHashMap<>();
            refused.put(withOverlong, "input is not valid UTF-8: an overlong form at byte " + (at + 1));
            refused.put(amplifying.getBytes(StandardCharsets.UTF_8), "more than 100000 JSON values");
            refused.put(number.getBytes(StandardCharsets.UTF_8), "at /payload/n is out of range");
            for (Map.Entry<byte[], String> body : refused.entrySet()) {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(answer.body()).contains("ENVELOPE_VALIDATION_ERROR", body.getValue());
            }
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(ingress)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ECHO.formatted(9))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("\"payload\":{\"n\":9}");
            assertThat(host.alive()).isTrue();
        }
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new AssertionError("no " + value);
    }

    private static List<Envelope> answers(Launcher.Result result) {
        return result.stdoutLines().stream().map(CommandLineIT::decode).toList();
    }
}
