package io.onex.client.http;

import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * Response bodies read into memory, but never more than a limit: past it, the JDK's limiting
 * subscriber (Java 25) cancels the download and fails it, so an endless or huge body costs at
 * most the limit. A declared {@code Content-Length} above the limit fails at the first byte.
 */
public final class BoundedBody {

    /**
     * The JDK fails an overflowing body with a plain IOException whose message starts so. The
     * message is all that tells it from a network failure; handler-http's HttpHandlerErrorsTest pins it.
     */
    private static final String OVERFLOW = "body exceeds capacity";

    private BoundedBody() {
    }

    /** Returns a body handler whose bodies are bounded by {@code limit} bytes. */
    public static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
            return HttpResponse.BodySubscribers.limiting(HttpResponse.BodySubscribers.ofByteArray(),
                    declared > limit ? 0 : limit);
        };
    }

    /** Returns whether {@code error} is the failure of a body that exceeded its limit. */
    public static boolean isOverflow(Throwable error) {
        return error.getClass() == IOException.class && error.getMessage() != null
                && error.getMessage().startsWith(OVERFLOW);
    }
}
