package io.onex.handler.local;

import io.onex.host.api.EnvelopeValidationException;
import io.onex.host.api.ErrorCode;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerHealth;
import io.onex.host.api.InvalidOperationException;
import io.onex.host.api.Invocation;
import io.onex.host.api.OnexException;
import io.onex.host.api.contract.HandlerBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local handler, for development and tests only: it performs no I/O.
 *
 * <ul>
 *   <li>{@code local.echo} answers with the request payload;</li>
 *   <li>{@code local.transform} answers with a copy of the payload in which every string value
 *       is transformed by the binding's {@code config.transform} ({@code uppercase},
 *       {@code lowercase} or {@code reverse}; default {@code uppercase});</li>
 *   <li>{@code local.error} fails with the error code named by the payload's {@code code}
 *       (default HANDLER_EXECUTION_ERROR) and its {@code message}.</li>
 * </ul>
 * The production command line and {@code prod} contracts refuse it; its health says
 * {@code dev_test_only: true}.
 */
public final class LocalHandler implements Handler {

    static final String VERSION = "1.0.0";

    /** How {@code local.transform} changes strings. */
    enum Transform {
        UPPERCASE,
        LOWERCASE,
        REVERSE;

        String apply(String text) {
            return switch (this) {
                case UPPERCASE -> text.toUpperCase(Locale.ROOT);
                case LOWERCASE -> text.toLowerCase(Locale.ROOT);
                case REVERSE -> new StringBuilder(text).reverse().toString();
            };
        }
    }

    private final String binding;
    private final Transform transform;
    private final LongAdder executions = new LongAdder();

    private LocalHandler(String binding, Transform transform) {
        this.binding = binding;
        this.transform = transform;
    }

    /** Builds the handler of a local binding. */
    public static LocalHandler create(HandlerBinding binding) {
        Object configured = binding.config().getOrDefault("transform", "uppercase");
        Transform transform;
        try {
            transform = Transform.valueOf(String.valueOf(configured).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new io.onex.host.api.ProtocolConfigurationException("binding '" + binding.name()
                    + "': config.transform must be uppercase, lowercase or reverse, not '" + configured + "'");
        }
        return new LocalHandler(binding.name(), transform);
    }

    @Override
    public Map<String, Object> execute(Invocation invocation) {
        executions.increment();
        return switch (invocation.operation()) {
            case "local.echo" -> invocation.payload();
            case "local.transform" -> transformMap(invocation.payload());
            case "local.error" -> throw requestedError(invocation.payload());
            default -> throw new InvalidOperationException("the local handler does not support '"
                    + invocation.operation() + "'; it supports local.echo, local.transform, local.error");
        };
    }

    private Map<String, Object> transformMap(Map<String, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((key, value) -> result.put(key, transformValue(value)));
        return result;
    }

    private Object transformValue(Object value) {
        if (value instanceof String text) {
            return transform.apply(text);
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> object = (Map<String, ?>) map;
            return transformMap(object);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            for (Object item : list) {
                result.add(transformValue(item));
            }
            return result;
        }
        return value;
    }

    private static OnexException requestedError(Map<String, Object> payload) {
        Object code = payload.getOrDefault("code", ErrorCode.HANDLER_EXECUTION_ERROR.name());
        ErrorCode errorCode = ErrorCode.fromName(String.valueOf(code)).orElseThrow(() ->
                new EnvelopeValidationException("local.error: payload.code must be an error code such as "
                        + "HANDLER_EXECUTION_ERROR or TIMEOUT, not '" + code + "'"));
        Object message = payload.getOrDefault("message", "local.error was asked to fail");
        return OnexException.of(errorCode, String.valueOf(message));
    }

    /** Never blocks: every operation only computes, so the host may run it on the delivering thread. */
    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public HandlerHealth health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("dev_test_only", true);
        details.put("binding", binding);
        details.put("transform", transform.name().toLowerCase(Locale.ROOT));
        details.put("executions", executions.sum());
        return HandlerHealth.healthy(details);
    }
}
