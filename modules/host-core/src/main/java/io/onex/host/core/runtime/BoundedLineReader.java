package io.onex.host.core.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads lines of bytes from a stream, never holding more than a fixed number of bytes of one
 * line: a longer line is skipped to its end and reported as too long.
 */
final class BoundedLineReader {

    /** One line, without its terminator; {@code bytes} is empty when the line was too long. */
    record Line(byte[] bytes, boolean tooLong) {
        boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** Returns the next line, or {@code null} at end of input. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish(length, tooLong) : null;
                }
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                return finish(length, tooLong);
            }
            if (tooLong) {
                continue;
            }
            if (length == maxBytes) {
                tooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(maxBytes, line.length * 2));
            }
            line[length++] = b;
        }
    }

    private Line finish(int length, boolean tooLong) {
        if (tooLong) {
            return new Line(new byte[0], true);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Line(Arrays.copyOf(line, length), false);
    }
}
