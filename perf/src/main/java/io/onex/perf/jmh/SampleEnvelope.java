package io.onex.perf.jmh;

import io.onex.host.api.Envelope;
import io.onex.host.api.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The request every micro-benchmark sends: a typical order-sized payload of about half a kilobyte on the wire. */
public final class SampleEnvelope {

    private SampleEnvelope() {
    }

    /** Returns a local echo request for {@code node}. */
    public static Envelope request(String node) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", 4711);
        customer.put("name", "Ada Lovelace");
        customer.put("tier", "gold");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("order_id", "ord-2026-000123");
        payload.put("customer", customer);
        payload.put("items", List.of(
                Map.of("sku", "a-1", "quantity", 2, "price", 12.5),
                Map.of("sku", "b-2", "quantity", 1, "price", 99.99)));
        payload.put("express", true);
        payload.put("note", "leave at the door");
        return Envelope.request(node, HandlerType.of("local"), "local.echo", payload);
    }
}
