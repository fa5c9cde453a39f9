package io.onex.testkit;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The replies scripted for one path of a {@link TestHttpServer}: one per request, the last repeating. */
final class HttpScript {

    private final List<HttpReply> replies;
    private final AtomicInteger served = new AtomicInteger();

    HttpScript(List<HttpReply> replies) {
        if (replies.isEmpty()) {
            throw new IllegalArgumentException("script at least one reply");
        }
        this.replies = List.copyOf(replies);
    }

    HttpReply next() {
        int index = served.getAndIncrement();
        return replies.get(Math.min(index, replies.size() - 1));
    }
}
