package com.example.onex.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.HandlerType;
import io.onex.host.api.OnexException;
import io.onex.testkit.ScriptedNodeContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The nodes' code alone, without a host: a scripted context answers its calls and records them. */
class PricingNodeTest {

    private static Envelope request(String operation, Map<String, Object> payload) {
        return Envelope.request(operation.substring(0, operation.indexOf('.')), HandlerType.of("node"), operation,
                payload).withCorrelationId(UUID.fromString("00000000-0000-0000-0000-000000000042"));
    }

    private static ScriptedNodeContext pricing(int rowsWritten) {
        return ScriptedNodeContext.forNode("pricing")
                .answer("pricing_db", "db.query", payload -> payload.get("sql").toString().contains("FROM prices")
                        ? Map.of("rows", List.of(Map.of("unit_price", "12.50")), "row_count", 1)
                        : Map.of("rows", List.of(Map.of("total", "30.00")), "row_count", 1))
                .answer("pricing_db", "db.execute", payload -> Map.of("row_count", rowsWritten))
                .answer("tax_api", "http.get", payload -> Map.of("status_code", 200, "body", Map.of("rate", "0.20")));
    }

    @Test
    void aQuoteReadsThePriceAsksTheRateAndWritesOnceUnderTheCorrelationId() {
        ScriptedNodeContext context = pricing(1);

        Map<String, Object> quote = new PricingNode().handle(
                request("pricing.quote", Map.of("sku", "tea", "quantity", 2, "region", "fr")), context);

        assertThat(quote).containsEntry("total", "30.00").containsEntry("written", true)
                .containsEntry("quote_id", "00000000-0000-0000-0000-000000000042");
        assertThat(context.calls()).extracting(ScriptedNodeContext.Recorded::operation)
                .containsExactly("db.query", "http.get", "db.execute", "db.query");
        assertThat(context.calls().get(1).payload()).containsEntry("url", "/rates/fr");
        assertThat(context.calls().get(2).payload().get("parameters"))
                .isEqualTo(List.of("00000000-0000-0000-0000-000000000042", "tea", 2, "fr", "30.00"));
    }

    @Test
    void aRedeliveryWritesNothingAndAnswersTheStoredQuote() {
        Map<String, Object> quote = new PricingNode().handle(
                request("pricing.quote", Map.of("sku", "tea", "quantity", 2, "region", "fr")), pricing(0));

        assertThat(quote).containsEntry("total", "30.00").containsEntry("written", false);
    }

    @Test
    void badInputIsRefusedBeforeAnyCall() {
        ScriptedNodeContext context = pricing(1);

        assertThatThrownBy(() -> new PricingNode().handle(
                request("pricing.quote", Map.of("sku", "tea", "quantity", 0, "region", "fr")), context))
                .isInstanceOf(EnvelopeValidationException.class).hasMessageContaining("payload.quantity");
        assertThatThrownBy(() -> new PricingNode().handle(
                request("pricing.quote", Map.of("sku", "tea", "quantity", 1, "region", "../x")), context))
                .isInstanceOf(EnvelopeValidationException.class).hasMessageContaining("payload.region");
        assertThat(context.calls()).isEmpty();
    }

    @Test
    void theDiscountNodeComputesAndMakesNoCall() {
        ScriptedNodeContext context = ScriptedNodeContext.forNode("discount");

        assertThat(new DiscountNode().handle(request("discount.apply", Map.of("subtotal", "120.00", "quantity", 12)),
                context)).containsEntry("percent", 5).containsEntry("discount", "6.00").containsEntry("total", "114.00");
        assertThatThrownBy(() -> new DiscountNode().handle(request("discount.fetch_rate", Map.of()), context))
                .isInstanceOf(OnexException.class)
                .satisfies(e -> assertThat(((OnexException) e).code()).isEqualTo(ErrorCode.OPERATION_NOT_ALLOWED));
    }
}
