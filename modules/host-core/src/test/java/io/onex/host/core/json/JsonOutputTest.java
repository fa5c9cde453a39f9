package io.onex.host.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the generator writes comes out whole and exactly sized, in one write or many. */
class JsonOutputTest {

    @Test
    void oneWriteIsHandedOutAsExactlyThoseBytes() {
        JsonOutput out = new JsonOutput();
        byte[] source = "xx{\"a\":1}yy".getBytes(StandardCharsets.US_ASCII);
        out.write(source, 2, 7);
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("{\"a\":1}");
    }

    @Test
    void manyWritesOfBothKindsComeOutInOrderAndTrimmed() {
        JsonOutput out = new JsonOutput();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String chunk = "chunk" + i + ";";
            out.write(chunk.getBytes(StandardCharsets.US_ASCII), 0, chunk.length());
            out.write('|');
            expected.append(chunk).append('|');
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(expected.length());
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
    }

    @Test
    void nothingWrittenIsAnEmptyArray() {
        assertThat(new JsonOutput().toByteArray()).isEmpty();
    }

    @Test
    void aDocumentLargerThanTheGeneratorsBufferIsWrittenWhole() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "\u00e9".repeat(20_000));
        value.put("list", List.of(1, 2, 3));
        byte[] bytes = Json.writeBytes(value);
        assertThat(Json.read(bytes)).isEqualTo(value);
        assertThat(Json.writeBytes(Map.of("a", 1))).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
    }
}
