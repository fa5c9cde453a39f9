package io.onex.host.core;

import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.HandlerType;
import io.onex.host.api.NodeCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The handler types one host can run: its registered {@link HandlerFactory}s, by type name.
 *
 * <p>The contract loader reads bindings against it (type, config schema, checks), the router
 * checks envelopes against it (type, operation), and the composition root builds handlers
 * through it. Everything a lookup needs is computed once, here; a registry is immutable and
 * there is no global one: each host is given its own.
 */
public final class HandlerRegistry {

    /** Operations are dotted lowercase {@code {domain}.{action}}, e.g. {@code http.get}. */
    public static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");

    /**
     * The handler type of requests to a code node's own operations ({@code handler_type: node});
     * reserved, so no handler factory may register it.
     */
    public static final String NODE_TYPE = "node";

    private final List<HandlerFactory> factories;
    private final Map<String, Entry> byName;
    private final List<String> typeNames;
    private final String typeList;
    private final Map<String, Supplier<? extends NodeCode>> nodes;
    private final Map<String, String> leftOut;

    private record Entry(HandlerType type, HandlerFactory factory, List<String> operations, Set<String> lookup) {
    }

    private HandlerRegistry(List<HandlerFactory> factories) {
        this(factories, Map.of(), Map.of());
    }

    private HandlerRegistry(List<HandlerFactory> factories, Map<String, Supplier<? extends NodeCode>> nodes,
            Map<String, String> leftOut) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (HandlerFactory factory : factories) {
            HandlerType type = HandlerType.of(factory.type());
            List<String> operations = factory.operations().stream().map(HandlerDescription.Operation::name).toList();
            if (entries.putIfAbsent(type.wireName(), new Entry(type, factory, operations, new HashSet<>(operations)))
                    != null) {
                throw new IllegalArgumentException("handler type '" + type + "' is registered twice");
            }
        }
        this.factories = List.copyOf(factories);
        this.byName = new HashMap<>(entries);
        this.typeNames = List.copyOf(entries.keySet());
        this.typeList = String.join(", ", typeNames);
        this.nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        this.leftOut = Map.copyOf(leftOut);
    }

    /**
     * Returns this registry with the node code of {@code nodes}: the code of each node by its
     * contract's name, in registration order, replacing any code this registry had.
     */
    public HandlerRegistry withNodes(Map<String, Supplier<? extends NodeCode>> nodes) {
        return new HandlerRegistry(factories, nodes, leftOut);
    }

    /**
     * Returns this registry, also knowing the built-in handler types its host leaves out (a
     * distribution smaller than the full host), each with why, e.g. "the http-kafka distribution
     * of the host does not include it (...)", so that a contract binding one is told so.
     */
    public HandlerRegistry withLeftOut(Map<String, String> reasons) {
        return new HandlerRegistry(factories, nodes, reasons);
    }

    /** Returns why the host leaves out {@code wireName} when it is a built-in type it does not have. */
    public Optional<String> leftOut(String wireName) {
        return Optional.ofNullable(wireName == null ? null : leftOut.get(wireName));
    }

    /** Returns the registered node code by node contract name, in registration order. */
    public Map<String, Supplier<? extends NodeCode>> nodes() {
        return nodes;
    }

    /**
     * Returns the registry of {@code factories}, in that order.
     *
     * @throws IllegalArgumentException if a type name is malformed or registered twice (the
     *                                  composition root checks factories before, with clearer words)
     */
    public static HandlerRegistry of(List<HandlerFactory> factories) {
        return new HandlerRegistry(new ArrayList<>(factories));
    }

    /** Returns the registered factories, in registration order. */
    public List<HandlerFactory> factories() {
        return factories;
    }

    /** Returns the registered type names, in registration order. */
    public List<String> typeNames() {
        return typeNames;
    }

    /** Returns the registered type names joined by ", ", for messages. */
    public String typeList() {
        return typeList;
    }

    /** Returns the registered type named {@code wireName} (one shared instance per type), if there is one. */
    public Optional<HandlerType> type(String wireName) {
        Entry entry = wireName == null ? null : byName.get(wireName);
        return entry == null ? Optional.empty() : Optional.of(entry.type());
    }

    /** Returns whether {@code type} is registered. */
    public boolean contains(HandlerType type) {
        return byName.containsKey(type.wireName());
    }

    /** Returns the factory of {@code type}, if it is registered. */
    public Optional<HandlerFactory> factory(HandlerType type) {
        Entry entry = byName.get(type.wireName());
        return entry == null ? Optional.empty() : Optional.of(entry.factory());
    }

    /** Returns the operation names of {@code type}, in documentation order; empty when it is not registered. */
    public List<String> operations(HandlerType type) {
        Entry entry = byName.get(type.wireName());
        return entry == null ? List.of() : entry.operations();
    }

    /** Returns whether {@code type} is registered and supports {@code operation}. */
    public boolean supports(HandlerType type, String operation) {
        Entry entry = byName.get(type.wireName());
        return entry != null && entry.lookup().contains(operation);
    }

    /** Returns whether {@code operation} follows the {@code {domain}.{action}} naming rule. */
    public static boolean isWellFormedOperation(String operation) {
        return OPERATION.matcher(operation).matches();
    }
}
