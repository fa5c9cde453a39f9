package io.onex.host.core.json;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects what a {@link Json#createGenerator generator} writes and hands it out as one byte
 * array of exactly its length. The generator fills a pooled buffer of its own and writes it out
 * here only when that is full or it is closed, so a document smaller than that buffer (an
 * envelope of a few hundred bytes, as most are) arrives as one write and is copied once, into
 * the array {@link #toByteArray()} returns; a larger one grows a single array and is trimmed once.
 *
 * <p>Not thread-safe; one per document.
 */
public final class JsonOutput extends OutputStream {

    private byte[] bytes;
    private int length;
    private boolean exact;

    @Override
    public void write(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
        exact = false;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        if (bytes == null) {
            // The first write: often the whole document.
            bytes = Arrays.copyOfRange(source, offset, offset + count);
            length = count;
            exact = true;
            return;
        }
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
        exact = false;
    }

    /** Returns what was written, in an array of exactly its length. */
    public byte[] toByteArray() {
        if (bytes == null) {
            return new byte[0];
        }
        return exact ? bytes : Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (bytes == null) {
            bytes = new byte[Math.max(more, 256)];
        } else if (bytes.length - length < more) {
            int needed = Math.addExact(length, more);
            bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
        }
    }
}
