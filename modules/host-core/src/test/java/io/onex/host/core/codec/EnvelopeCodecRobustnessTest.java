package io.onex.host.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decoding answers every input, however broken, with a result instead of an exception. */
class EnvelopeCodecRobustnessTest {

    private static final long FIRST_SEED = 7_000L;
    private static final int CASES = 3_000;

    private static final byte[] STRUCTURE = "{}[],:\"\\0-e.".getBytes(StandardCharsets.US_ASCII);

    private final EnvelopeCodec codec = EnvelopeCodec.standard();

    @Test
    void damagedEncodingsAreAnsweredWithAResult() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
            Random random = new Random(seed);
            byte[] damaged = damage(codec.encode(new EnvelopeGenerator(seed).next()), random);

            long caseSeed = seed;
            assertThatCode(() -> assertThat(codec.decode(damaged)).isNotNull())
                    .as("seed %d: %s", caseSeed, new String(damaged, StandardCharsets.UTF_8))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void randomBytesAreAnsweredWithARejection() {
        Random random = new Random(FIRST_SEED);
        for (int i = 0; i < 1_000; i++) {
            byte[] noise = new byte[1 + random.nextInt(64)];
            random.nextBytes(noise);
            if (i % 2 == 0) {
                noise[0] = '{';
            }

            assertThat(codec.decode(noise)).as("case %d", i).isInstanceOf(DecodeResult.Rejected.class);
        }
    }

    @Test
    void numbersBeyondTheReadersRangeAreRejected() {
        for (String value : List.of("1e9999999999", "-1e-9999999999", "1E+2147483649", "1".repeat(1_001))) {
            String json = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\","
                    + "\"payload\":{\"n\":" + value + "}}";

            assertThat(codec.decode(json)).as(value).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                    r -> assertThat(r.error().message()).startsWith("input is not valid JSON: "));
        }
    }

    @Test
    void deepNestingIsAnsweredWithARejection() {
        String deep = "{\"target_node\":\"echo\",\"handler_type\":\"local\",\"operation\":\"local.echo\",\"payload\":"
                + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001);

        assertThat(codec.decode(deep)).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.error().message()).contains("deeper than the limit of 200 levels"));
    }

    private static byte[] damage(byte[] json, Random random) {
        int at = random.nextInt(json.length);
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(json, at);
            case 1 -> {
                byte[] flipped = json.clone();
                flipped[at] = (byte) random.nextInt(256);
                yield flipped;
            }
            case 2 -> {
                byte[] inserted = new byte[json.length + 1];
                System.arraycopy(json, 0, inserted, 0, at);
                inserted[at] = STRUCTURE[random.nextInt(STRUCTURE.length)];
                System.arraycopy(json, at, inserted, at + 1, json.length - at);
                yield inserted;
            }
            case 3 -> {
                int end = at + random.nextInt(json.length - at + 1);
                byte[] removed = new byte[json.length - (end - at)];
                System.arraycopy(json, 0, removed, 0, at);
                System.arraycopy(json, end, removed, at, json.length - end);
                yield removed;
            }
            default -> {
                byte[] swapped = json.clone();
                int other = random.nextInt(json.length);
                byte b = swapped[at];
                swapped[at] = swapped[other];
                swapped[other] = b;
                yield swapped;
            }
        };
    }
}
