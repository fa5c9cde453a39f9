package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import io.onex.host.api.OnexException;
import io.onex.host.api.ServiceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedNodeContextTest {

    /** A node's code as an application writes it: one call, then a computation. */
    private static final NodeCode PRICING = (request, context) -> {
        Map<String, Object> tax = context.call("tax", "http.get", Map.of("url", "/rate"));
        long price = ((Number) request.payload().get("price")).longValue();
        return Map.of("total", price + price * ((Number) tax.get("percent")).longValue() / 100);
    };

    private static Envelope quote(long price) {
        return Envelope.request("pricing", HandlerType.of("node"), "pricing.quote", Map.of("price", price));
    }

    @Test
    void answersScriptedCallsAndRecordsThemInOrder() {
        ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing")
                .answer("tax", "http.get", payload -> Map.of("percent", 25));

        assertThat(PRICING.handle(quote(200), context)).containsEntry("total", 250L);
        assertThat(context.calls()).containsExactly(new ScriptedNodeContext.Recorded("tax", "http.get",
                Map.of("url", "/rate")));
    }

    @Test
    void refusesACallNothingScriptedAsTheHostRefusesOneTheContractDoesNotList() {
        ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing");

        assertThatThrownBy(() -> PRICING.handle(quote(1), context)).isInstanceOf(OnexException.class)
                .extracting(e -> ((OnexException) e).code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED);
        assertThat(context.calls()).hasSize(1);
    }

    @Test
    void aScriptedFailureReachesTheCode() {
        ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing").answer("tax", "http.get", payload -> {
            throw new ServiceUnavailableException("tax service down");
        });

        assertThatThrownBy(() -> PRICING.handle(quote(1), context)).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aCallAfterTheDeadlineTimesOut() {
        Clock stopped = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing")
                .answer("tax", "http.get", payload -> Map.of("percent", 25)).deadlineIn(Duration.ZERO, stopped);

        assertThat(context.remaining()).isZero();
        assertThatThrownBy(() -> PRICING.handle(quote(1), context)).isInstanceOf(OnexException.class)
                .extracting(e -> ((OnexException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void theTimeLeftIsReadOnTheClockTheDeadlineWasSetOn() {
        Clock stopped = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ScriptedNodeContext context = ScriptedNodeContext.forNode("pricing").deadlineIn(Duration.ofSeconds(5), stopped);

        assertThat(context.clock()).isSameAs(stopped);
        assertThat(context.deadline()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(context.remaining()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void recordsSendsToOtherNodes() {
        ScriptedNodeContext context = ScriptedNodeContext.forNode("front")
                .answer("pricing", "pricing.quote", payload -> Map.of("total", 5));

        Map<String, Object> answer = context.send(quote(4));

        assertThat(answer).containsEntry("total", 5);
        assertThat(context.sends()).extracting(ScriptedNodeContext.Recorded::binding).containsExactly("pricing");
    }
}
