package io.onex.host.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The UTF-8 check passes over ASCII eight bytes at a time; a bad byte anywhere is still found and placed. */
class Utf8Test {

    @Test
    void aBadByteIsFoundAtEveryPositionOfALongAsciiRun() {
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                Arrays.fill(bytes, (byte) 'a');
                bytes[at] = (byte) 0x80;
                assertThat(Utf8.problem(bytes)).as("0x80 at %d of %d", at, length)
                        .isEqualTo("an invalid byte 0x80 at byte " + (at + 1));
            }
        }
    }

    @Test
    void multiByteSequencesAmongAsciiWordsAreCheckedAsBefore() {
        String text = "abcdefgh\u00e9ijklmnop\u20acqrstuvwx\ud83d\ude00yz0123456789";
        assertThat(Utf8.problem(text.getBytes(StandardCharsets.UTF_8))).isNull();
        byte[] overlong = "abcdefghijklmnop__rest of it, long enough".getBytes(StandardCharsets.US_ASCII);
        overlong[16] = (byte) 0xC0;
        overlong[17] = (byte) 0xAF;
        assertThat(Utf8.problem(overlong)).isEqualTo("an overlong form at byte 17");
        byte[] truncated = "abcdefghijklmnopq".getBytes(StandardCharsets.US_ASCII);
        truncated[16] = (byte) 0xE2;
        assertThat(Utf8.problem(truncated)).isEqualTo("a truncated sequence at byte 17");
    }

    @Test
    void emptyAndAllAsciiInputHaveNoProblem() {
        assertThat(Utf8.problem(new byte[0])).isNull();
        byte[] ascii = new byte[1025];
        Arrays.fill(ascii, (byte) 0x7F);
        assertThat(Utf8.problem(ascii)).isNull();
    }
}
