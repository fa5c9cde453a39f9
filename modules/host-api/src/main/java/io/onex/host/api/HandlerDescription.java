package io.onex.host.api;

import java.util.List;
import java.util.Objects;

/**
 * What a handler type supports: its {@link HandlerFactory}'s operations, for
 * {@code onex-host describe}, JSON Schema and documentation.
 *
 * @param handlerType the handler's type
 * @param version     the handler implementation's version
 * @param operations  every supported operation
 */
public record HandlerDescription(HandlerType handlerType, String version, List<Operation> operations) {

    public HandlerDescription {
        Objects.requireNonNull(handlerType, "handlerType");
        Objects.requireNonNull(version, "version");
        operations = List.copyOf(operations);
    }

    /**
     * One supported operation.
     *
     * @param name           the dotted operation name, e.g. {@code http.get}
     * @param requiredFields the payload fields a request must carry
     * @param optionalFields the payload fields a request may carry
     * @param responseFields the fields of the response payload
     */
    public record Operation(String name, List<String> requiredFields, List<String> optionalFields,
            List<String> responseFields) {

        public Operation {
            Objects.requireNonNull(name, "name");
            requiredFields = List.copyOf(requiredFields);
            optionalFields = List.copyOf(optionalFields);
            responseFields = List.copyOf(responseFields);
        }
    }
}
