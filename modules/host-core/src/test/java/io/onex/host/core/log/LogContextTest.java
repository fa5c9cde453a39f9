package io.onex.host.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The context written on every log line of the work it is bound for, by either way of binding it. */
class LogContextTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonLog log = JsonLog.to(new PrintStream(out, true, StandardCharsets.UTF_8), JsonLog.Level.DEBUG);

    private static LogContext context(String node) {
        return new LogContext(node, "local", UUID.randomUUID(), UUID.randomUUID(), null);
    }

    @Test
    void runHereWritesTheContextOnLinesOfItsWorkAndOnNoLineAfter() {
        LogContext context = context("orders");
        context.runHere(() -> log.info("inside"));
        log.info("after");

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).contains("\"node\":\"orders\"", "\"correlation_id\":\"" + context.correlationId() + "\"",
                "\"message\":\"inside\"");
        assertThat(lines[1]).contains("\"message\":\"after\"").doesNotContain("\"node\"");
        assertThat(LogContext.current()).isNull();
    }

    @Test
    void aScopedContextInsideRunHereWinsAndTheOuterOneComesBack() {
        LogContext outer = context("outer");
        LogContext inner = context("inner");
        AtomicReference<LogContext> during = new AtomicReference<>();
        AtomicReference<LogContext> afterInner = new AtomicReference<>();
        outer.runHere(() -> {
            inner.run(() -> during.set(LogContext.current()));
            afterInner.set(LogContext.current());
        });
        assertThat(during.get()).isSameAs(inner);
        assertThat(afterInner.get()).isSameAs(outer);
        assertThat(LogContext.current()).isNull();
    }

    @Test
    void onAVirtualThreadRunHereBindsAsRunDoes() throws InterruptedException {
        LogContext context = context("virtual");
        AtomicReference<LogContext> seen = new AtomicReference<>();
        AtomicReference<LogContext> after = new AtomicReference<>(context);
        Thread thread = Thread.ofVirtual().start(() -> {
            context.runHere(() -> seen.set(LogContext.current()));
            after.set(LogContext.current());
        });
        thread.join(10_000);
        assertThat(seen.get()).isSameAs(context);
        assertThat(after.get()).isNull();
    }
}
