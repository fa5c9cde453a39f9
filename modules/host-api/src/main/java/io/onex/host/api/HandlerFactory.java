package io.onex.host.api;

import io.onex.host.api.contract.Environment;
import io.onex.host.api.contract.HandlerBinding;
import java.util.List;
import java.util.Objects;

/**
 * The handler SPI: how a handler type describes itself to the host and how the host builds one
 * handler per binding of that type.
 *
 * <p>A handler module (built in, or a third party's) exports one small package holding its
 * factory handle and keeps its implementation packages unexported. A composition root registers
 * factories explicitly, in code ({@code io.onex.wiring.OnexHost.builder().handler(factory)}); the
 * host never discovers them (no service loading, no reflection, no class-path scanning). Only the
 * composition root calls {@link #create}.
 *
 * <p>The host uses the self-description ({@link #type()}, {@link #operations()},
 * {@link #configSchema()}) before anything runs: the contract loader checks each binding's
 * {@code config} against the schema (strictly: an unknown key is an error, with the file, the line
 * and a "did you mean"), node contracts against the operations, and {@code onex-host schema}
 * prints JSON Schema documents generated from them. {@link #create} then receives the validated
 * binding: its {@code config} holds every key of the schema that was written or has a default,
 * with {@code ${VAR}} resolved, and secrets still as {@link io.onex.host.api.contract.SecretRef}s
 * that the handler resolves through {@link Secrets} (so a rotated secret can be read again).
 *
 * <p>Implementations are immutable and cheap to construct; all their methods but {@code create}
 * return the same values on every call.
 */
public interface HandlerFactory {

    /**
     * The version of this SPI. A factory returns it from {@link #spiVersion()} as
     * {@code return HandlerFactory.SPI_VERSION;}: the compiler copies the constant into the
     * factory's class, so the value records the SPI the factory was built against, and the host
     * refuses to start with a factory built for another version.
     */
    int SPI_VERSION = 1;

    /**
     * Returns the handler SPI version this factory was built against; implement it as
     * {@code return HandlerFactory.SPI_VERSION;}.
     */
    int spiVersion();

    /**
     * Returns the handler type: the name contracts and envelopes use, e.g. {@code "redis"}; lowercase
     * letters, digits and underscores, starting with a letter. Every operation of the type is named
     * {@code <type>.<action>}.
     */
    String type();

    /** Returns the version of the handler implementation, e.g. {@code "1.0.0"}. */
    String version();

    /** Returns a one-line description of what the handler does, for {@code describe} and JSON Schema. */
    String summary();

    /**
     * Returns every operation the handler performs, in documentation order, each with its payload
     * and response fields. Names are {@code <type>.<action>}.
     */
    List<HandlerDescription.Operation> operations();

    /** Returns the schema of a binding's {@code config} mapping. */
    ConfigSchema configSchema();

    /**
     * Returns whether the handler is for development and tests only: then {@code onex-host run}
     * and every {@code prod} contract refuse a binding of it.
     */
    default boolean devOnly() {
        return false;
    }

    /**
     * Checks one binding against the nodes that use it, after the whole contract is loaded: rules
     * that need more than one value (a role for every node of a database binding, targets where a
     * secret header could leak). The loader reports each finding at the binding's line.
     *
     * @param binding     the validated binding
     * @param uses        each node's use of the binding, in contract order
     * @param environment the contract's environment
     * @return the problems found; empty when there are none
     */
    default List<Finding> check(HandlerBinding binding, List<NodeUse> uses, Environment environment) {
        return List.of();
    }

    /**
     * Builds the handler of one binding. Called once per enabled binding, by the composition root
     * only, before the host starts. The handler must not yet connect anywhere: the host calls
     * {@link Handler#initialize()} for that.
     *
     * @param binding the validated binding: its name, policies and {@code config} (see above)
     * @param secrets resolves the binding's secret references
     * @throws OnexException when the binding cannot be built (PROTOCOL_CONFIGURATION_ERROR naming
     *                       the binding and the key, never a secret value)
     */
    Handler create(HandlerBinding binding, Secrets secrets);

    /**
     * One node's use of a binding, as its node contract declares it.
     *
     * @param node       the node's routing name (its slug)
     * @param operations the operations the node may perform through the binding
     * @param targets    the node's allow-list for the binding (URL prefixes, tables, key
     *                   prefixes...); empty when it sets none
     */
    record NodeUse(String node, List<String> operations, List<String> targets) {
        public NodeUse {
            Objects.requireNonNull(node, "node");
            operations = List.copyOf(operations);
            targets = List.copyOf(targets);
        }
    }

    /**
     * A problem {@link #check} found in a contract.
     *
     * @param error        true for an error (the contract is refused), false for a warning
     * @param message      what is wrong, naming the binding and the nodes involved; never a secret value
     * @param validChoices the valid choices, if a closed set applies
     * @param fix          what to write instead
     */
    record Finding(boolean error, String message, List<String> validChoices, String fix) {
        public Finding {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(fix, "fix");
            validChoices = List.copyOf(validChoices);
        }

        /** Returns an error finding. */
        public static Finding error(String message, List<String> validChoices, String fix) {
            return new Finding(true, message, validChoices, fix);
        }

        /** Returns a warning finding. */
        public static Finding warning(String message, List<String> validChoices, String fix) {
            return new Finding(false, message, validChoices, fix);
        }
    }
}
