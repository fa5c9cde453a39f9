package com.example.onex.redis.internal;

import java.io.IOException;

/**
 * The server's bytes are not a reply this client reads, or are larger than it accepts. The
 * connection is out of step with the server afterwards and is closed.
 */
final class RespException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Whether the reply was refused for its size, not its form. */
    private final boolean tooLarge;

    RespException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    boolean tooLarge() {
        return tooLarge;
    }
}
