package com.example.onex.redis.internal;

import java.util.Objects;

/** One RESP2 reply, as this handler reads it: arrays are never asked for, so never read. */
sealed interface Reply {

    /** A status reply, {@code +OK} or {@code +PONG}. */
    record Status(String text) implements Reply {
        public Status {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An error reply, {@code -WRONGTYPE Operation against a key holding the wrong kind of value}.
     *
     * @param prefix  the first word, Redis's error kind ({@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, ...)
     * @param message the whole text
     */
    record Error(String prefix, String message) implements Reply {
        public Error {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(message, "message");
        }

        static Error of(String text) {
            int space = text.indexOf(' ');
            return new Error(space < 0 ? text : text.substring(0, space), text);
        }
    }

    /** An integer reply, {@code :3}. */
    record Int(long value) implements Reply {
    }

    /** A bulk string reply, {@code $5 hello}. */
    record Bulk(byte[] bytes) implements Reply {
        public Bulk {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** The null bulk string, {@code $-1}: no such key. */
    record Nil() implements Reply {
    }
}
