package io.onex.host.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    private static List<BoundedLineReader.Line> read(String text, int max) throws IOException {
        BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
        List<BoundedLineReader.Line> lines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            BoundedLineReader.Line line = reader.next();
            if (line == null) {
                return lines;
            }
            lines.add(line);
        }
        throw new AssertionError("too many lines");
    }

    private static String text(BoundedLineReader.Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnNewlinesAndDropsCarriageReturns() throws IOException {
        List<BoundedLineReader.Line> lines = read("one\r\ntwo\nthree", 100);
        assertThat(lines).extracting(BoundedLineReader.Line::tooLong).containsOnly(false);
        assertThat(lines.stream().map(BoundedLineReaderTest::text)).containsExactly("one", "two", "three");
    }

    @Test
    void reportsALongLineWithoutKeepingItAndGoesOn() throws IOException {
        List<BoundedLineReader.Line> lines = read("short\n" + "x".repeat(1_000) + "\nnext\n", 10);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).tooLong()).isTrue();
        assertThat(lines.get(1).bytes()).isEmpty();
        assertThat(text(lines.get(2))).isEqualTo("next");
    }

    @Test
    void acceptsALineOfExactlyTheLimit() throws IOException {
        List<BoundedLineReader.Line> lines = read("x".repeat(10) + "\n", 10);
        assertThat(lines.getFirst().tooLong()).isFalse();
        assertThat(text(lines.getFirst())).hasSize(10);
    }

    @Test
    void treatsWhitespaceOnlyLinesAsBlank() throws IOException {
        List<BoundedLineReader.Line> lines = read(" \t\n\n{}\n", 10);
        assertThat(lines).extracting(BoundedLineReader.Line::isBlank).containsExactly(true, true, false);
    }

    @Test
    void keepsMultibyteCharactersWhole() throws IOException {
        List<BoundedLineReader.Line> lines = read("héllo 🌍\n", 100);
        assertThat(text(lines.getFirst())).isEqualTo("héllo 🌍");
    }
}
