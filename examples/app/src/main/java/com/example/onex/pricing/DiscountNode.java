package com.example.onex.pricing;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The {@code discount} node, a COMPUTE node: pure computation from the payload alone.
 * {@code discount.apply} takes a volume discount off a subtotal: 5% from 10 items, 10% from 100.
 *
 * <p>{@code discount.fetch_rate} is here to show the fence: it tries to ask the tax service, and
 * the host refuses the call with OPERATION_NOT_ALLOWED, since a COMPUTE node makes no I/O.
 */
public final class DiscountNode implements NodeCode {

    @Override
    public Map<String, Object> handle(Envelope request, NodeContext context) {
        if (request.operation().equals("discount.fetch_rate")) {
            return context.call("tax_api", "http.get", Map.of("url", "/rates/fr"));
        }
        BigDecimal subtotal;
        try {
            subtotal = new BigDecimal(String.valueOf(request.payload().get("subtotal")));
        } catch (NumberFormatException e) {
            throw new EnvelopeValidationException("payload.subtotal must be a decimal number, e.g. \"120.00\"");
        }
        if (!(request.payload().get("quantity") instanceof Number quantity) || quantity.longValue() < 1) {
            throw new EnvelopeValidationException("payload.quantity must be a whole number of at least 1");
        }
        BigDecimal percent = BigDecimal.valueOf(quantity.longValue() >= 100 ? 10 : quantity.longValue() >= 10 ? 5 : 0);
        BigDecimal discount = subtotal.multiply(percent).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
        return Map.of("percent", percent.intValue(), "discount", discount.toPlainString(),
                "total", subtotal.subtract(discount).setScale(2, RoundingMode.HALF_EVEN).toPlainString());
    }
}
