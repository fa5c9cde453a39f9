package io.onex.host.core.json;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects what a {@link Json#createGenerator generator} writes and hands it out as one byte
 * array of exactly its length. The generator fills a pooled buffer of its own and writes it out
 * here only when that is full or it is closed, so a document smaller than that buffer (an
 * envelope of a few hundred bytes, as most are) arrives as one write and is copied once, into
 * the array {@link #toByteArray()} returns. A larger one is gathered in blocks and joined once at
 * the end, so it is held at most twice (the blocks and the joined array), never in a doubling
 * array.
 *
 * <p>Not thread-safe; one per document.
 */
public final class JsonOutput extends OutputStream {

    private byte[] first;
    private ByteArrayBuilder more;

    @Override
    public void write(int b) {
        blocks().write(b);
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        if (first == null && more == null) {
            first = Arrays.copyOfRange(source, offset, offset + count); // often the whole document
            return;
        }
        blocks().write(source, offset, count);
    }

    /** Returns what was written, in an array of exactly its length. */
    public byte[] toByteArray() {
        if (more != null) {
            return more.toByteArray();
        }
        return first == null ? new byte[0] : first;
    }

    /** Returns the blocks of a document that came in more than one write, the first write included. */
    private ByteArrayBuilder blocks() {
        if (more == null) {
            more = new ByteArrayBuilder(first == null ? 256 : Math.max(first.length * 2, 256));
            if (first != null) {
                more.write(first);
                first = null;
            }
        }
        return more;
    }
}
