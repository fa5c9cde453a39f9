package io.onex.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real HTTP server on a free loopback port that answers the part of Consul's HTTP API used for
 * basic service discovery: agent service registration, lookup and deregistration, the catalog's service
 * listings, the health listing of a service and the leader status, as one agent on one node of
 * the datacenter {@code dc1}. Like a Consul server it lists itself as the service {@code consul}.
 *
 * <p>Started with an ACL token ({@link #start(String)}), every {@code /v1/} request must carry it
 * in {@code X-Consul-Token} or {@code Authorization: Bearer}: none gets 403 "Permission denied",
 * another gets 403 "ACL not found". {@code ?dc=} names the datacenter: {@code dc1} holds the
 * services, one added with {@link #addDatacenter(String)} is empty and any other answers 500
 * "No path to datacenter". Tests inject faults: a delay on every answer ({@link #slow(Duration)}),
 * failures ({@link #failNext(int, int)}), reset connections ({@link #resetConnections(boolean)};
 * the server sits behind a {@link TcpProxy}, which resets them) and a lost leader
 * ({@link #noLeader(boolean)}), and set check states ({@link #setCheckStatus(String, String)}).
 * Every request is logged on arrival ({@link #requests()}) without its token. Closing the server
 * releases every delayed request and stops every thread it started.
 */
public final class ConsulAgentServer implements AutoCloseable {

    /** The longest request body read; the rest is discarded. */
    private static final int MAX_BODY = 1024 * 1024;

    /**
     * One request as the server received it: no token value, only whether one was sent.
     *
     * @param method       the request method, e.g. {@code PUT}
     * @param path         the decoded path, e.g. {@code /v1/catalog/service/web}
     * @param query        the raw query without {@code ?} and without any {@code token} parameter
     * @param tokenPresent whether the request carried a token
     * @param arrivedAt    when it arrived
     */
    public record Request(String method, String path, String query, boolean tokenPresent, Instant arrivedAt) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(arrivedAt, "arrivedAt");
        }
    }

    private final HttpFixture http;
    private final Optional<String> aclToken;
    private final Object lock = new Object();
    // Guarded by lock.
    private final ConsulCatalog catalog = new ConsulCatalog();
    private final Set<String> datacenters = new LinkedHashSet<>(List.of(ConsulCatalog.DATACENTER));
    private final List<Request> requests = new ArrayList<>();
    private boolean leaderless;

    private ConsulAgentServer(HttpFixture http, Optional<String> aclToken) {
        this.http = http;
        this.aclToken = aclToken;
    }

    /** Starts a server on a free port of 127.0.0.1 with ACLs off: every request is allowed. */
    public static ConsulAgentServer start() {
        return launch(Optional.empty());
    }

    /** Starts a server on a free port of 127.0.0.1 that allows only requests carrying {@code aclToken}. */
    public static ConsulAgentServer start(String aclToken) {
        Objects.requireNonNull(aclToken, "aclToken");
        if (aclToken.isBlank()) {
            throw new IllegalArgumentException("the ACL token is blank");
        }
        return launch(Optional.of(aclToken));
    }

    private static ConsulAgentServer launch(Optional<String> aclToken) {
        HttpFixture http = HttpFixture.listen();
        ConsulAgentServer consul = new ConsulAgentServer(http, aclToken);
        http.serve(consul::handle);
        return consul;
    }

    /** Returns the address clients use, {@code http://127.0.0.1:<port>}, with no trailing slash. */
    public String address() {
        return http.address();
    }

    /** Returns the port clients connect to. */
    public int port() {
        return http.port();
    }

    /** Returns the datacenter that holds the services, {@code dc1}. */
    public String datacenter() {
        return ConsulCatalog.DATACENTER;
    }

    /** Returns the name of the node every service is registered on. */
    public String node() {
        return ConsulCatalog.NODE;
    }

    /** Returns the proxy in front of the server, to drop, reset or blackhole every connection. */
    public TcpProxy proxy() {
        return http.proxy();
    }

    /** Makes {@code name} a known datacenter with no services, reachable with {@code ?dc=}; returns this server. */
    public ConsulAgentServer addDatacenter(String name) {
        synchronized (lock) {
            datacenters.add(Objects.requireNonNull(name, "name"));
        }
        return this;
    }

    /**
     * Sets every check of the service {@code serviceId} to {@code status} ({@code passing},
     * {@code warning} or {@code critical}), adding a check to a service that has none; returns this server.
     */
    public ConsulAgentServer setCheckStatus(String serviceId, String status) {
        synchronized (lock) {
            catalog.setCheckStatus(serviceId, status);
        }
        return this;
    }

    /** Returns the IDs of the registered services, {@code consul} included. */
    public Set<String> serviceIds() {
        synchronized (lock) {
            return catalog.serviceIds();
        }
    }

    /** Delays every answer by {@code delay} ({@link Duration#ZERO} for none); returns this server. */
    public ConsulAgentServer slow(Duration delay) {
        http.faults().slow(delay);
        return this;
    }

    /** Answers the next {@code count} requests with {@code status} and an error body; returns this server. */
    public ConsulAgentServer failNext(int count, int status) {
        http.faults().failNext(count, status);
        return this;
    }

    /** While {@code on}, resets the connection of every request instead of answering it; returns this server. */
    public ConsulAgentServer resetConnections(boolean on) {
        http.faults().resetConnections(on);
        return this;
    }

    /**
     * While {@code on}, the cluster has no leader: catalog and health reads answer 500 "No cluster
     * leader" and the leader status is {@code ""}, as Consul does; returns this server.
     */
    public ConsulAgentServer noLeader(boolean on) {
        synchronized (lock) {
            leaderless = on;
        }
        return this;
    }

    /** Returns every request received so far, in order of arrival. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (lock) {
            requests.clear();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body = HttpFixture.body(exchange, MAX_BODY);
            String token = HttpFixture.token(exchange, "X-Consul-Token");
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            String query = withoutToken(exchange.getRequestURI().getRawQuery());
            synchronized (lock) {
                requests.add(new Request(method, path, query, token != null, Instant.now()));
            }
            HttpFixture.Admission admission = http.admit(exchange);
            if (admission.dropped()) {
                return;
            }
            ConsulCatalog.Answer injected = admission.failure().isPresent() ? ConsulCatalog.Answer.error(admission.failure().getAsInt(), "injected failure") : null;
            ConsulCatalog.Answer answer;
            long index;
            synchronized (lock) {
                answer = injected != null ? injected : answer(method, path, query, token, body);
                index = catalog.index();
            }
            send(exchange, answer, index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away; nothing to answer.
        }
    }

    private static String withoutToken(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return java.util.Arrays.stream(rawQuery.split("&"))
                .filter(pair -> !pair.equals("token") && !pair.startsWith("token="))
                .collect(Collectors.joining("&"));
    }

    private static void send(HttpExchange exchange, ConsulCatalog.Answer answer, long index) throws IOException {
        exchange.getResponseHeaders().add("X-Consul-Default-ACL-Policy", "deny");
        if (answer.status() == 200) {
            exchange.getResponseHeaders().add("X-Consul-Index", Long.toString(index));
            exchange.getResponseHeaders().add("X-Consul-KnownLeader", "true");
        }
        byte[] bytes;
        if (answer.text()) {
            bytes = ((String) answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        } else if (answer.body() == null) {
            // Consul answers a registration with 200 and an empty body.
            bytes = new byte[0];
        } else {
            bytes = VaultJson.write(answer.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    // Everything below runs under lock.

    private ConsulCatalog.Answer answer(String method, String path, String query, String token, byte[] body) {
        if (!path.startsWith("/v1/")) {
            return ConsulCatalog.Answer.error(404, "Not Found");
        }
        if (aclToken.isPresent() && !path.equals("/v1/status/leader")) {
            if (token == null) {
                return ConsulCatalog.Answer.error(403, "Permission denied: anonymous token lacks permission");
            }
            if (!token.equals(aclToken.get())) {
                return ConsulCatalog.Answer.error(403, "ACL not found");
            }
        }
        String dc = parameter(query, "dc").orElse(ConsulCatalog.DATACENTER);
        if (!datacenters.contains(dc)) {
            return ConsulCatalog.Answer.error(500, "No path to datacenter");
        }
        boolean local = dc.equals(ConsulCatalog.DATACENTER);
        String api = path.substring(4);
        if (api.equals("status/leader") && method.equals("GET")) {
            return ConsulCatalog.Answer.json(leaderless ? "" : "127.0.0.1:8300");
        }
        if (api.equals("agent/service/register")) {
            return method.equals("PUT") ? register(body) : notAllowed(method);
        }
        if (api.startsWith("agent/service/deregister/")) {
            return method.equals("PUT") ? catalog.deregister(api.substring("agent/service/deregister/".length()))
                    : notAllowed(method);
        }
        if (api.startsWith("agent/service/") && method.equals("GET")) {
            return catalog.definition(api.substring("agent/service/".length()));
        }
        boolean read = api.equals("catalog/services") || api.startsWith("catalog/service/")
                || api.startsWith("health/service/");
        if (!read) {
            return ConsulCatalog.Answer.error(404, "Not Found");
        }
        if (!method.equals("GET")) {
            return notAllowed(method);
        }
        if (leaderless) {
            return ConsulCatalog.Answer.error(500, "No cluster leader");
        }
        if (api.equals("catalog/services")) {
            return catalog.names(local);
        }
        if (api.startsWith("catalog/service/")) {
            return catalog.instances(api.substring("catalog/service/".length()), local);
        }
        boolean passing = parameter(query, "passing").map(v -> v.isEmpty() || v.equals("true") || v.equals("1"))
                .orElse(false);
        return catalog.health(api.substring("health/service/".length()), local, passing);
    }

    private ConsulCatalog.Answer register(byte[] body) {
        Object parsed;
        try {
            parsed = VaultJson.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return ConsulCatalog.Answer.error(400, "Request decode failed: " + e.getMessage());
        }
        return catalog.register(parsed);
    }

    private static ConsulCatalog.Answer notAllowed(String method) {
        return ConsulCatalog.Answer.error(405, "method " + method + " not allowed");
    }

    private static Optional<String> parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Releases every delayed request, stops the server and the proxy, and waits for their threads. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ConsulAgentServer[" + address() + (aclToken.isPresent() ? ", acl" : "") + "]";
    }
}
