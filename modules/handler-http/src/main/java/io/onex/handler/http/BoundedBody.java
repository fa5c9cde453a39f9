package io.onex.handler.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into a byte array, but never more than a limit: past it, it cancels the
 * download and fails with {@link TooLarge}, so an endless or huge body costs at most the limit in
 * memory. A declared {@code Content-Length} above the limit fails before a byte is read.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The failure of a body larger than the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("response larger than " + limit + " bytes", null);
        }
    }

    /** The largest buffer allocated up front on the word of a Content-Length header. */
    private static final int MAX_INITIAL = 64 * 1024;

    private final long limit;
    private final OptionalLong declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int size;

    private BoundedBody(long limit, OptionalLong declared) {
        this.limit = limit;
        this.declared = declared;
    }

    /** Returns a body handler whose bodies are bounded by {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new BoundedBody(limit, info.headers().firstValueAsLong("content-length"));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        this.subscription = newSubscription;
        if (declared.isPresent() && declared.getAsLong() > limit) {
            fail();
            return;
        }
        long expected = declared.orElse(1024);
        buffer = new byte[(int) Math.max(0, Math.min(expected, MAX_INITIAL))];
        newSubscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return; // cancelled: the client may still deliver what was in flight
        }
        for (ByteBuffer item : items) {
            int length = item.remaining();
            if ((long) size + length > limit) {
                fail();
                return;
            }
            if (size + length > buffer.length) {
                long grown = Math.max((long) size + length, Math.max(1024L, (long) buffer.length * 2));
                buffer = Arrays.copyOf(buffer, (int) Math.min(grown, limit)); // limit fits an array: HttpSettings
            }
            item.get(buffer, size, length);
            size += length;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) {
            return;
        }
        result.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }

    private void fail() {
        subscription.cancel();
        result.completeExceptionally(new TooLarge(limit));
    }
}
