package io.onex.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The services of {@link ConsulAgentServer}'s one node and the JSON Consul answers about them:
 * agent registration and deregistration, the catalog listings and the health listing. Not
 * thread-safe: the server calls it under its lock.
 */
final class ConsulCatalog {

    /** The node every service is registered on, and its datacenter. */
    static final String NODE = "onex-test-node";
    static final String NODE_ID = "6f3a1c2e-0b5d-4e8a-9c7f-2d1e0a9b8c7d";
    static final String NODE_ADDRESS = "127.0.0.1";
    static final String DATACENTER = "dc1";

    private static final Set<String> STATUSES = Set.of("passing", "warning", "critical");

    /** An answer: status and a JSON value, or plain text when the body is a {@link String} error. */
    record Answer(int status, Object body, boolean text) {
        static Answer json(Object body) {
            return new Answer(200, body, false);
        }

        static Answer error(int status, String message) {
            return new Answer(status, message, true);
        }
    }

    private static final class Check {
        final String id;
        final String name;
        String status;

        Check(String id, String name, String status) {
            this.id = id;
            this.name = name;
            this.status = status;
        }
    }

    private record Service(String id, String name, List<String> tags, String address, int port,
            Map<String, String> meta, long createIndex, List<Check> checks) {}

    // Keyed by service ID, sorted so that listings are stable.
    private final Map<String, Service> services = new TreeMap<>();
    private long index = 10;

    ConsulCatalog() {
        // Every Consul server registers itself as the service "consul".
        services.put("consul", new Service("consul", "consul", List.of(), "", 8300, Map.of(), index, new ArrayList<>()));
    }

    /** Returns the index that grows with every change, sent as {@code X-Consul-Index}. */
    long index() {
        return index;
    }

    /** Answers {@code PUT /v1/agent/service/register} with the parsed body. */
    Answer register(Object body) {
        if (!(body instanceof Map<?, ?> request)) {
            return Answer.error(400, "Request decode failed: expected a JSON object");
        }
        if (!(request.get("Name") instanceof String name) || name.isBlank()) {
            return Answer.error(400, "Missing service name");
        }
        String id = request.get("ID") instanceof String given && !given.isBlank() ? given : name;
        List<String> tags = new ArrayList<>();
        if (request.get("Tags") instanceof List<?> list) {
            for (Object tag : list) {
                if (!(tag instanceof String text)) {
                    return Answer.error(400, "Request decode failed: Tags must be strings");
                }
                tags.add(text);
            }
        } else if (request.get("Tags") != null) {
            return Answer.error(400, "Request decode failed: Tags must be a list");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        if (request.get("Meta") instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getValue() instanceof String value)) {
                    return Answer.error(400, "Invalid Service Meta: values must be strings");
                }
                meta.put(String.valueOf(entry.getKey()), value);
            }
        } else if (request.get("Meta") != null) {
            return Answer.error(400, "Request decode failed: Meta must be an object");
        }
        Object port = request.get("Port") == null ? BigDecimal.ZERO : request.get("Port");
        if (!(port instanceof BigDecimal number) || number.signum() < 0 || number.intValue() > 65535
                || number.stripTrailingZeros().scale() > 0) {
            return Answer.error(400, "Request decode failed: Port must be a whole number");
        }
        String address = request.get("Address") instanceof String text ? text : "";
        List<Check> checks = new ArrayList<>();
        if (request.get("Check") != null) {
            if (!(request.get("Check") instanceof Map<?, ?> check)) {
                return Answer.error(400, "Request decode failed: Check must be an object");
            }
            String problem = checkProblem(check);
            if (problem != null) {
                return Answer.error(400, "Invalid check: " + problem);
            }
            String status = check.get("Status") instanceof String s ? s : "critical";
            checks.add(new Check("service:" + id, "Service '" + name + "' check", status));
        }
        Service previous = services.get(id);
        index++;
        services.put(id, new Service(id, name, List.copyOf(tags), address, number.intValue(), meta,
                previous == null ? index : previous.createIndex(), checks));
        return new Answer(200, null, false);
    }

    private static String checkProblem(Map<?, ?> check) {
        int kinds = 0;
        for (String kind : List.of("HTTP", "TCP", "TTL")) {
            if (check.get(kind) != null) {
                if (!(check.get(kind) instanceof String text) || text.isBlank()) {
                    return kind + " must be a non-empty string";
                }
                kinds++;
            }
        }
        if (kinds != 1) {
            return "exactly one of HTTP, TCP or TTL is required";
        }
        if (check.get("TTL") == null && !(check.get("Interval") instanceof String interval && !interval.isBlank())) {
            return "Interval must be > 0 for Script, HTTP, H2PING, or TCP checks";
        }
        Object status = check.get("Status");
        if (status != null && !STATUSES.contains(status)) {
            return "Status must be one of passing, warning, critical";
        }
        return null;
    }

    /** Answers {@code PUT /v1/agent/service/deregister/{id}}. */
    Answer deregister(String id) {
        if (services.remove(id) == null) {
            return Answer.error(404, "Unknown service ID \"" + id + "\". Ensure that the service ID is passed,"
                    + " not the service name.");
        }
        index++;
        return new Answer(200, null, false);
    }

    /** Answers {@code GET /v1/agent/service/{id}}: the service's definition on the agent. */
    Answer definition(String id) {
        Service service = services.get(id);
        if (service == null) {
            return Answer.error(404, "unknown service ID: " + id);
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("ID", service.id());
        definition.put("Service", service.name());
        definition.put("Tags", service.tags());
        definition.put("Meta", service.meta());
        definition.put("Port", service.port());
        definition.put("Address", service.address());
        definition.put("Datacenter", DATACENTER);
        definition.put("ContentHash", Long.toHexString(service.createIndex() * 31 + index));
        return Answer.json(definition);
    }

    /** Answers {@code GET /v1/catalog/services}: every service name with the union of its tags. */
    Answer names(boolean local) {
        Map<String, List<String>> names = new TreeMap<>();
        if (local) {
            for (Service service : services.values()) {
                List<String> tags = names.computeIfAbsent(service.name(), n -> new ArrayList<>());
                service.tags().stream().filter(tag -> !tags.contains(tag)).forEach(tags::add);
            }
        }
        return Answer.json(names);
    }

    /** Answers {@code GET /v1/catalog/service/{name}}: one entry per instance, {@code []} when none. */
    Answer instances(String name, boolean local) {
        List<Object> entries = new ArrayList<>();
        for (Service service : local ? services.values() : List.<Service>of()) {
            if (!service.name().equals(name)) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ID", NODE_ID);
            entry.put("Node", NODE);
            entry.put("Address", NODE_ADDRESS);
            entry.put("Datacenter", DATACENTER);
            entry.put("TaggedAddresses", Map.of("lan", NODE_ADDRESS, "wan", NODE_ADDRESS));
            entry.put("NodeMeta", Map.of("consul-network-segment", ""));
            entry.put("ServiceKind", "");
            entry.put("ServiceID", service.id());
            entry.put("ServiceName", service.name());
            entry.put("ServiceTags", service.tags());
            entry.put("ServiceAddress", service.address());
            entry.put("ServiceWeights", Map.of("Passing", 1, "Warning", 1));
            entry.put("ServiceMeta", service.meta());
            entry.put("ServicePort", service.port());
            entry.put("ServiceEnableTagOverride", false);
            entry.put("CreateIndex", service.createIndex());
            entry.put("ModifyIndex", index);
            entries.add(entry);
        }
        return Answer.json(entries);
    }

    /** Answers {@code GET /v1/health/service/{name}}, only instances whose checks all pass when asked. */
    Answer health(String name, boolean local, boolean passingOnly) {
        List<Object> entries = new ArrayList<>();
        for (Service service : local ? services.values() : List.<Service>of()) {
            if (!service.name().equals(name)
                    || passingOnly && service.checks().stream().anyMatch(c -> !c.status.equals("passing"))) {
                continue;
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("ID", NODE_ID);
            node.put("Node", NODE);
            node.put("Address", NODE_ADDRESS);
            node.put("Datacenter", DATACENTER);
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("ID", service.id());
            instance.put("Service", service.name());
            instance.put("Tags", service.tags());
            instance.put("Address", service.address());
            instance.put("Meta", service.meta());
            instance.put("Port", service.port());
            List<Object> checks = new ArrayList<>();
            checks.add(check("serfHealth", "Serf Health Status", "passing", "", ""));
            for (Check check : service.checks()) {
                checks.add(check(check.id, check.name, check.status, service.id(), service.name()));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Node", node);
            entry.put("Service", instance);
            entry.put("Checks", checks);
            entries.add(entry);
        }
        return Answer.json(entries);
    }

    private static Map<String, Object> check(String id, String name, String status, String serviceId,
            String serviceName) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("Node", NODE);
        check.put("CheckID", id);
        check.put("Name", name);
        check.put("Status", status);
        check.put("Notes", "");
        check.put("Output", "");
        check.put("ServiceID", serviceId);
        check.put("ServiceName", serviceName);
        return check;
    }

    /** Sets the status of every check of {@code serviceId}, adding one when it has none. */
    void setCheckStatus(String serviceId, String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("a check status is passing, warning or critical, not " + status);
        }
        Service service = services.get(serviceId);
        if (service == null) {
            throw new IllegalArgumentException("no service with ID " + serviceId);
        }
        if (service.checks().isEmpty()) {
            service.checks().add(new Check("service:" + serviceId, "Service '" + service.name() + "' check", status));
        }
        service.checks().forEach(check -> check.status = status);
        index++;
    }

    /** Returns the IDs of the registered services. */
    Set<String> serviceIds() {
        return Set.copyOf(services.keySet());
    }
}
