package io.onex.compliance.violations;

import io.onex.host.api.Invocation;
import java.util.Map;

/** A handler outside io.onex.handler.. whose nested and anonymous classes start threads. */
public final class PumpingHandler extends StubHandler {

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        Runnable pump = new Runnable() {
            @Override
            public void run() {
                new Thread(() -> { }).start();
            }
        };
        pump.run();
        Pump.start();
        return Map.of();
    }

    /** A helper nested in the handler: still handler code. */
    static final class Pump {
        static void start() {
            Thread.startVirtualThread(() -> { });
        }
    }
}
