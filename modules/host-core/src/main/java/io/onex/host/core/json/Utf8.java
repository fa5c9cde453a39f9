package io.onex.host.core.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Checks that bytes are well-formed UTF-8 in the strict sense of RFC 3629: no overlong forms
 * (such as {@code C0 AF} for {@code /}), no encoded surrogates ({@code ED A0 80}) and no code
 * point above U+10FFFF. JSON parsers are lenient about some of these; every intake of the host
 * checks here first.
 */
public final class Utf8 {

    /** Reads eight bytes at once, to pass over runs of ASCII (most of any envelope) a word at a time. */
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {
    }

    /**
     * Returns {@code null} when {@code bytes} is well-formed UTF-8, else what is wrong and at
     * which byte (counted from 1), e.g. {@code "an overlong form at byte 12"}.
     */
    public static String problem(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            if (i + Long.BYTES <= n && ((long) WORDS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int length;
            int min;
            if (b >= 0xC0 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF7) {
                length = 4;
                min = 0x10000;
            } else {
                return "an invalid byte 0x" + Integer.toHexString(b).toUpperCase() + " at byte " + (i + 1);
            }
            if (i + length > n) {
                return "a truncated sequence at byte " + (i + 1);
            }
            int codePoint = b & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return "a truncated sequence at byte " + (i + 1);
                }
                codePoint = codePoint << 6 | next & 0x3F;
            }
            if (codePoint < min) {
                return "an overlong form at byte " + (i + 1);
            }
            if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
                return "an encoded surrogate at byte " + (i + 1);
            }
            if (codePoint > 0x10FFFF) {
                return "a code point above U+10FFFF at byte " + (i + 1);
            }
            i += length;
        }
        return null;
    }

    /**
     * Returns the index of the first char of {@code text} that is a surrogate but not half of a
     * pair, or -1 when there is none. Such text has no UTF-8 form (encoders write {@code ?} in its
     * place), though JSON may carry it as an escape ({@code "\\ud800"}).
     */
    public static int unpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns what is wrong with {@code text}, decoded from JSON, when it holds an unpaired
     * surrogate, naming the escape and never quoting the text: {@code "holds the escape \\ud800, an
     * unpaired surrogate (...)"}; {@code null} when it holds none. The decoders prefix where.
     */
    public static String unpairedEscapeProblem(CharSequence text) {
        int at = unpairedSurrogate(text);
        return at < 0 ? null : "holds the escape \\u" + Integer.toHexString(text.charAt(at))
                + ", an unpaired surrogate (no UTF-8 form; escape a pair, such as \\ud83d\\ude00)";
    }

    /**
     * Returns the JSON pointer, relative to {@code value} ({@code ""} for the value itself), of the
     * first text or key in a JSON-shaped value (maps, lists, strings, numbers...) that holds an
     * unpaired surrogate, or {@code null} when none does.
     */
    public static String unpairedSurrogateIn(Object value) {
        switch (value) {
            case CharSequence text -> {
                return unpairedSurrogate(text) >= 0 ? "" : null;
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    String escaped = key.replace("~", "~0").replace("/", "~1");
                    if (unpairedSurrogate(key) >= 0) {
                        return "/" + escaped;
                    }
                    String inside = unpairedSurrogateIn(entry.getValue());
                    if (inside != null) {
                        return "/" + escaped + inside;
                    }
                }
                return null;
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    String inside = unpairedSurrogateIn(list.get(i));
                    if (inside != null) {
                        return "/" + i + inside;
                    }
                }
                return null;
            }
            case null, default -> {
                return null;
            }
        }
    }

    /**
     * Returns what is wrong with a JSON-shaped {@code value} that holds an unpaired surrogate, e.g.
     * {@code "holds an unpaired surrogate at /data/note, which has no UTF-8 form; ..."}, or
     * {@code null} when it holds none. For a handler refusing text it would send on as UTF-8.
     */
    public static String surrogateProblem(Object value) {
        String at = unpairedSurrogateIn(value);
        if (at == null) {
            return null;
        }
        return "holds an unpaired surrogate" + (at.isEmpty() ? "" : " at " + Excerpt.of(at, 80))
                + ", which has no UTF-8 form; write a character outside the BMP as a pair, such as \\ud83d\\ude00";
    }
}
