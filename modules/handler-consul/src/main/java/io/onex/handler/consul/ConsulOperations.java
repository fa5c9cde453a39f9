package io.onex.handler.consul;

import io.onex.host.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The five operations: each checks its payload, makes its calls to Consul and turns Consul's
 * PascalCase answer into the handler's snake_case response payload.
 */
final class ConsulOperations {

    static final Set<String> REGISTER_FIELDS = Set.of("name", "id", "address", "port", "tags", "meta", "check");

    private final ConsulClient client;
    private final ConsulSettings settings;

    ConsulOperations(ConsulClient client, ConsulSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** {@code consul.register_service}: registers (or replaces) a service on the agent. */
    Map<String, Object> register(String operation, Map<String, Object> payload, ServiceTargets targets, String node) {
        Payloads fields = Payloads.of(operation, payload, REGISTER_FIELDS);
        String name = fields.name("name");
        String id = fields.id("id").orElse(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", id);
        body.put("Name", name);
        body.put("Tags", fields.tags("tags"));
        fields.host("address").ifPresent(address -> body.put("Address", address));
        fields.port("port").ifPresent(port -> body.put("Port", port));
        body.put("Meta", fields.meta("meta"));
        fields.check("check").ifPresent(check -> body.put("Check", check));
        targets.check(name, operation, node);
        client.send(ConsulCall.put(operation, "/v1/agent/service/register", Optional.of(Json.writeBytes(body)),
                Optional.empty()));
        return Map.of("id", id, "registered", true);
    }

    /**
     * {@code consul.deregister_service}: removes a service from the agent. With targets, the
     * agent is asked first which service the ID belongs to, so that only allowed services go.
     */
    Map<String, Object> deregister(String operation, Map<String, Object> payload, ServiceTargets targets, String node) {
        Payloads fields = Payloads.of(operation, payload, Set.of("id"));
        String id = fields.requiredId("id");
        Optional<String> missing = Optional.of("the agent has no service with id '" + id + "'");
        if (!targets.allowsEverything()) {
            Object service = client.send(new ConsulCall(operation, "GET", "/v1/agent/service/" + id, Map.of(),
                    Optional.empty(), missing));
            if (!(service instanceof Map<?, ?> definition) || !(definition.get("Service") instanceof String name)) {
                throw ConsulFailures.malformed(ConsulCall.get(operation, "/v1/agent/service/" + id, Map.of()),
                        "no Service name");
            }
            targets.check(name, operation, node);
        }
        client.send(ConsulCall.put(operation, "/v1/agent/service/deregister/" + id, Optional.empty(), missing));
        return Map.of("id", id, "deregistered", true);
    }

    /** {@code consul.get_service}: the catalog's instances of a service, an empty list when none. */
    Map<String, Object> get(String operation, Map<String, Object> payload, ServiceTargets targets, String node) {
        String name = Payloads.of(operation, payload, Set.of("name")).name("name");
        targets.check(name, operation, node);
        ConsulCall call = ConsulCall.get(operation, "/v1/catalog/service/" + name, datacenter());
        List<Object> instances = new ArrayList<>();
        for (Map<?, ?> entry : entries(call, client.send(call))) {
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("id", text(call, entry, "ServiceID"));
            instance.put("address", address(entry.get("ServiceAddress"), entry.get("Address")));
            instance.put("port", number(entry.get("ServicePort")));
            instance.put("tags", entry.get("ServiceTags") instanceof List<?> tags ? tags : List.of());
            instance.put("meta", entry.get("ServiceMeta") instanceof Map<?, ?> meta ? meta : Map.of());
            instance.put("node", entry.get("Node") instanceof String n ? n : "");
            instances.add(instance);
        }
        return Map.of("name", name, "instances", instances);
    }

    /** {@code consul.list_services}: every service name with its tags, those a node's targets allow. */
    Map<String, Object> list(String operation, Map<String, Object> payload, ServiceTargets targets) {
        Payloads.of(operation, payload, Set.of());
        ConsulCall call = ConsulCall.get(operation, "/v1/catalog/services", datacenter());
        if (!(client.send(call) instanceof Map<?, ?> names)) {
            throw ConsulFailures.malformed(call, "not an object of service names");
        }
        Map<String, Object> services = new TreeMap<>();
        names.forEach((name, tags) -> {
            if (targets.allows(String.valueOf(name))) {
                services.put(String.valueOf(name), tags instanceof List<?> list ? list : List.of());
            }
        });
        return Map.of("services", services);
    }

    /**
     * {@code consul.health_check_service}: each instance with its worst check status
     * ({@code critical} over {@code warning} over {@code passing}), and how many pass.
     */
    Map<String, Object> health(String operation, Map<String, Object> payload, ServiceTargets targets, String node) {
        Payloads fields = Payloads.of(operation, payload, Set.of("name", "passing_only"));
        String name = fields.name("name");
        boolean passingOnly = fields.flag("passing_only");
        targets.check(name, operation, node);
        Map<String, String> query = new LinkedHashMap<>(datacenter());
        if (passingOnly) {
            query.put("passing", "true");
        }
        ConsulCall call = ConsulCall.get(operation, "/v1/health/service/" + name, query);
        List<Object> instances = new ArrayList<>();
        int passing = 0;
        for (Map<?, ?> entry : entries(call, client.send(call))) {
            if (!(entry.get("Service") instanceof Map<?, ?> service)) {
                throw ConsulFailures.malformed(call, "an entry without Service");
            }
            Map<?, ?> nodeInfo = entry.get("Node") instanceof Map<?, ?> n ? n : Map.of();
            String status = worst(entry.get("Checks"));
            passing += status.equals("passing") ? 1 : 0;
            Map<String, Object> instance = new LinkedHashMap<>();
            instance.put("id", text(call, service, "ID"));
            instance.put("address", address(service.get("Address"), nodeInfo.get("Address")));
            instance.put("port", number(service.get("Port")));
            instance.put("status", status);
            instances.add(instance);
        }
        return Map.of("name", name, "instances", instances, "passing", passing, "total", instances.size());
    }

    private Map<String, String> datacenter() {
        return settings.datacenter().map(dc -> Map.of("dc", dc)).orElse(Map.of());
    }

    private static List<Map<?, ?>> entries(ConsulCall call, Object answer) {
        if (!(answer instanceof List<?> list)) {
            throw ConsulFailures.malformed(call, "not a list");
        }
        List<Map<?, ?>> entries = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw ConsulFailures.malformed(call, "a list entry that is not an object");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static String text(ConsulCall call, Map<?, ?> entry, String key) {
        if (entry.get(key) instanceof String text) {
            return text;
        }
        throw ConsulFailures.malformed(call, "an entry without " + key);
    }

    /** Consul leaves a service's address empty when it is the node's: the node's address then applies. */
    private static String address(Object service, Object node) {
        if (service instanceof String text && !text.isEmpty()) {
            return text;
        }
        return node instanceof String text ? text : "";
    }

    private static int number(Object value) {
        return value instanceof Number number ? number.intValue() : 0;
    }

    /** Returns the worst status of {@code checks}; an instance without checks is passing, as in Consul. */
    private static String worst(Object checks) {
        String worst = "passing";
        if (checks instanceof List<?> list) {
            for (Object check : list) {
                Object status = check instanceof Map<?, ?> map ? map.get("Status") : null;
                if ("critical".equals(status) || "maintenance".equals(status)) {
                    return "critical";
                }
                if ("warning".equals(status)) {
                    worst = "warning";
                }
            }
        }
        return worst;
    }
}
