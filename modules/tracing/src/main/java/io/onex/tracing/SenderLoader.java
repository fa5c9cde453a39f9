package io.onex.tracing;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;

/**
 * Hands the OTLP exporter its HTTP sender, the one on the JDK's client, in code: the exporter
 * would otherwise look for one with a {@code ServiceLoader}, which the host does not use (its
 * wiring is static) and which a runtime image's module descriptors would have to declare.
 */
final class SenderLoader implements ComponentLoader {

    @Override
    public <T> Iterable<T> load(Class<T> type) {
        if (type == HttpSenderProvider.class) {
            return List.of(type.cast(new JdkHttpSenderProvider()));
        }
        return List.of();
    }
}
