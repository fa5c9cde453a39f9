package com.example.onex.pricing;

import io.onex.host.api.Envelope;
import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.NodeCode;
import io.onex.host.api.NodeContext;
import io.onex.host.api.ServiceUnavailableException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code pricing} node, an EFFECT node: {@code pricing.quote} reads the item's unit price from
 * PostgreSQL ({@code pricing_db}), asks the tax service ({@code tax_api}) for the region's rate,
 * computes the total and writes the quote, keyed by the request's {@code correlation_id}.
 *
 * <p>Delivery is at least once: after a crash the same request may come again. The quote's key
 * makes that harmless: the insert of a second delivery writes nothing ({@code ON CONFLICT DO
 * NOTHING}), and the answer is the quote stored the first time, read back.
 */
public final class PricingNode implements NodeCode {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}");

    @Override
    public Map<String, Object> handle(Envelope request, NodeContext context) {
        String sku = text(request.payload(), "sku");
        int quantity = quantity(request.payload());
        String region = text(request.payload(), "region");
        if (!REGION.matcher(region).matches()) {
            throw new EnvelopeValidationException("payload.region must be two lowercase letters, e.g. fr");
        }
        String quoteId = request.correlationId().toString();

        Map<String, Object> price = first(context.call("pricing_db", "db.query", Map.of(
                "sql", "SELECT unit_price::text AS unit_price FROM prices WHERE sku = $1",
                "parameters", List.of(sku))));
        if (price == null) {
            throw new EnvelopeValidationException("no price for sku " + sku);
        }
        BigDecimal rate = taxRate(context.call("tax_api", "http.get", Map.of("url", "/rates/" + region)), region);
        BigDecimal subtotal = new BigDecimal(price.get("unit_price").toString()).multiply(BigDecimal.valueOf(quantity));
        BigDecimal total = subtotal.add(subtotal.multiply(rate)).setScale(2, RoundingMode.HALF_EVEN);

        Map<String, Object> written = context.call("pricing_db", "db.execute", Map.of(
                "sql", "INSERT INTO quotes (quote_id, sku, quantity, region, total) VALUES ($1, $2, $3, $4, $5)"
                        + " ON CONFLICT (quote_id) DO NOTHING",
                "parameters", List.of(quoteId, sku, quantity, region, total.toPlainString())));
        boolean first = ((Number) written.get("row_count")).intValue() == 1;
        Map<String, Object> stored = first(context.call("pricing_db", "db.query", Map.of(
                "sql", "SELECT total::text AS total FROM quotes WHERE quote_id = $1",
                "parameters", List.of(quoteId))));
        return Map.of("quote_id", quoteId, "sku", sku, "quantity", quantity, "total", stored.get("total"),
                "written", first);
    }

    private static String text(Map<String, Object> payload, String field) {
        if (!(payload.get(field) instanceof String value) || value.isBlank()) {
            throw new EnvelopeValidationException("payload." + field + " must be a non-empty string");
        }
        return value;
    }

    private static int quantity(Map<String, Object> payload) {
        if (!(payload.get("quantity") instanceof Number n) || n.doubleValue() != n.intValue()
                || n.intValue() < 1 || n.intValue() > 10_000) {
            throw new EnvelopeValidationException("payload.quantity must be a whole number from 1 to 10000");
        }
        return n.intValue();
    }

    /** Returns the tax service's rate; an answer that is not 200 with a {@code rate} is the service's fault. */
    private static BigDecimal taxRate(Map<String, Object> answer, String region) {
        if (answer.get("status_code") instanceof Number status && status.intValue() == 404) {
            throw new EnvelopeValidationException("the tax service knows no region " + region);
        }
        if (answer.get("status_code") instanceof Number status && status.intValue() == 200
                && answer.get("body") instanceof Map<?, ?> body && body.get("rate") != null) {
            try {
                return new BigDecimal(body.get("rate").toString());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new ServiceUnavailableException("the tax service gave no rate for region " + region
                + " (status " + answer.get("status_code") + ")");
    }

    /** Returns the first row of a {@code db.query} answer, or {@code null} when it has none. */
    private static Map<String, Object> first(Map<String, Object> answer) {
        List<?> rows = (List<?>) answer.get("rows");
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = (Map<String, Object>) rows.getFirst();
        return row;
    }
}
