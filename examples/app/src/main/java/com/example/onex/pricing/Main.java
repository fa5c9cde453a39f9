package com.example.onex.pricing;

import io.onex.wiring.OnexHost;

/**
 * Starts the host with the code of the nodes {@code pricing} and {@code discount} registered:
 * {@code run.sh run runtime.yaml --stdio} and every other {@code onex-host} command work as they
 * do there.
 */
public final class Main {

    private Main() {
    }

    /** Runs the {@code onex-host} command line given by {@code args} and exits with its code. */
    public static void main(String[] args) {
        System.exit(OnexHost.builder()
                .node("pricing", PricingNode::new)
                .node("discount", DiscountNode::new)
                .build().cli(args));
    }
}
