package io.onex.secrets;

import io.onex.host.api.SecretResolutionException;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.SecretRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Resolves secret references: the one way anything reads a secret or an environment value after
 * start-up.
 *
 * <ul>
 *   <li>{@code env:NAME} reads the variable {@code NAME} from the {@link EnvironmentVariables}, and nothing
 *       else.
 *   <li>{@code file:/absolute/path} reads that file, and nothing else: UTF-8, with one trailing line
 *       break dropped. A relative path is refused.
 *   <li>{@code path#key} (e.g. {@code db/orders#password}; path segments of letters, digits,
 *       {@code .}, {@code _} and {@code -}, never {@code ..}) is tried in the configured
 *       {@link #order() order}: {@link Source#VAULT} reads field {@code key} of the latest version
 *       of the KV version 2 secret {@code <mount>/<path>} (skipped when no Vault is configured);
 *       {@link Source#ENV} reads the variable named after the reference, upper-cased with every run
 *       of other characters turned into {@code _} ({@code DB_ORDERS_PASSWORD});
 *       {@link Source#FILE} reads {@code <filesDirectory>/<path>/<key>}. The first source that has
 *       the value wins. A source that fails (Vault unreachable, sealed, timed out, permission
 *       denied) counts as not having it, and the next one is tried.
 * </ul>
 *
 * <p>When no source has the value, a {@link SecretResolutionException} names the reference and
 * what each source said; no message or {@code toString} here ever carries a value or the Vault
 * token.
 *
 * <p>Values are cached per reference for the {@link Builder#cacheTtl(Duration) TTL}. After it, the
 * next {@link #apply} reads the source again. If that read fails while a value is cached, the
 * cached value is served (stale-if-error) and kept for another TTL before the next attempt, so a
 * Vault outage neither takes a running host down nor costs one timeout per call.
 * {@link #refresh(SecretRef)} always reads the source and replaces the cached value; when it fails
 * it throws and leaves the cache as it was.
 *
 * <p>When Vault refuses its token (403), the token is read again from its own reference, bypassing
 * every cache; if it has changed (a rotated file or variable), the Vault client is rebuilt with it
 * and the read retried once. Every Vault request is bounded by the settings' timeout, and there
 * are no other retries.
 *
 * <p>Thread-safe. It starts no threads of its own and never sleeps; two callers that find the same
 * entry expired at the same moment may both read the source.
 */
public final class SecretResolver implements Secrets, AutoCloseable {

    /** A source of bare {@code path#key} references, in the order a resolver tries them. */
    public enum Source {
        VAULT,
        ENV,
        FILE;

        /** Returns the name used in configuration: {@code vault}, {@code env} or {@code file}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Returns the source named {@code name} in configuration, failing with the valid choices. */
        public static Source fromWireName(String name) {
            Objects.requireNonNull(name, "name");
            return Arrays.stream(values())
                    .filter(source -> source.wireName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown secret source '" + name
                            + "'; valid sources are " + Arrays.stream(values()).map(Source::wireName)
                                    .collect(Collectors.joining(", "))));
        }
    }

    private record Entry(String value, Instant readAt) {
        @Override
        public String toString() {
            return "Entry[<redacted>, readAt=" + readAt + "]";
        }
    }

    private final EnvironmentVariables environment;
    private final List<Source> order;
    private final Duration ttl;
    private final Path filesDirectory;
    private final Optional<VaultSourceSettings> vaultSettings;
    private final SourceChain sources;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private final LongAdder reads = new LongAdder();
    private final LongAdder refreshes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder staleServed = new LongAdder();
    private volatile Failure lastFailure;

    private SecretResolver(Builder builder) {
        this.environment = builder.environment;
        this.order = builder.order;
        this.ttl = builder.ttl;
        this.filesDirectory = builder.filesDirectory;
        this.vaultSettings = builder.vault;
        this.clock = builder.clock;
        this.sources = new SourceChain(builder.environment, builder.order, builder.filesDirectory, builder.vault);
    }

    /** Returns a builder reading environment values from {@code environment}. */
    public static Builder builder(EnvironmentVariables environment) {
        return new Builder(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Returns the value {@code ref} names, from the cache while it is fresh.
     *
     * @throws SecretResolutionException naming the reference and what each source said, never a
     *                                   value, when no source has it and nothing is cached
     * @throws IllegalStateException     when this resolver is closed
     */
    @Override
    public String apply(SecretRef ref) {
        Objects.requireNonNull(ref, "ref");
        ensureOpen();
        Instant now = clock.instant();
        Entry cached = cache.get(ref.reference());
        if (cached != null && now.isBefore(cached.readAt().plus(ttl))) {
            return cached.value();
        }
        try {
            return store(ref, read(ref, now), now);
        } catch (SecretResolutionException e) {
            if (cached == null) {
                throw e;
            }
            // Stale-if-error: keep serving the value for another TTL rather than fail a running host.
            staleServed.increment();
            cache.replace(ref.reference(), cached, new Entry(cached.value(), now));
            return cached.value();
        }
    }

    /**
     * Returns the value {@code ref} names read again from its source, and replaces the cached one.
     *
     * @throws SecretResolutionException naming the reference, never a value, when no source has
     *                                   it; the cache is then left as it was
     * @throws IllegalStateException     when this resolver is closed
     */
    @Override
    public String refresh(SecretRef ref) {
        Objects.requireNonNull(ref, "ref");
        ensureOpen();
        Instant now = clock.instant();
        refreshes.increment();
        return store(ref, read(ref, now), now);
    }

    /**
     * Returns what an operator needs to see about secret resolution, for {@code /health/handlers}:
     * the sources, the cache, counts of reads, refreshes, failures and stale values served, and
     * the last failure (its message names a reference and the sources' answers, never a value).
     */
    public Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sources", order.stream().map(Source::wireName).toList());
        report.put("cache_ttl_seconds", ttl.toSeconds());
        report.put("cached", cache.size());
        vaultSettings.ifPresent(vault -> report.put("vault", Map.of("address", vault.address().toString(),
                "mount", vault.mount())));
        report.put("reads", reads.sum());
        report.put("refreshes", refreshes.sum());
        report.put("failures", failures.sum());
        report.put("stale_served", staleServed.sum());
        Failure failure = lastFailure;
        if (failure != null) {
            report.put("last_failure", failure.message());
            report.put("last_failure_at", failure.at().toString());
        }
        return report;
    }

    private String read(SecretRef ref, Instant now) {
        reads.increment();
        try {
            return sources.read(ref);
        } catch (SecretResolutionException e) {
            failures.increment();
            lastFailure = new Failure(e.getMessage(), now);
            throw e;
        }
    }

    /** The last failed read: its message (a reference and the sources' answers) and when. */
    private record Failure(String message, Instant at) {
    }

    /** Returns the environment that {@code env:} references and the ENV source read. */
    public EnvironmentVariables environment() {
        return environment;
    }

    /** Returns the order in which bare {@code path#key} references are tried. */
    public List<Source> order() {
        return order;
    }

    /** Returns where the Vault source reads, or empty when there is no Vault source. */
    public Optional<VaultSourceSettings> vault() {
        return vaultSettings;
    }

    /** Drops every cached value and releases the Vault client; the resolver then refuses to resolve. */
    @Override
    public void close() {
        closed = true;
        cache.clear();
        sources.close();
    }

    private String store(SecretRef ref, String value, Instant now) {
        if (!ttl.isZero()) {
            cache.put(ref.reference(), new Entry(value, now));
        }
        return value;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this secret resolver is closed");
        }
    }

    /** Describes the resolver's configuration, never a value. */
    @Override
    public String toString() {
        return "SecretResolver[order=" + order.stream().map(Source::wireName).toList() + ", ttl=" + ttl
                + ", files=" + filesDirectory + vaultSettings.map(v -> ", " + v).orElse("") + "]";
    }

    /** Collects a resolver's settings; every one has a default but the environment. */
    public static final class Builder {

        private final EnvironmentVariables environment;
        private List<Source> order = List.of(Source.VAULT, Source.ENV, Source.FILE);
        private Duration ttl = Duration.ofMinutes(5);
        private Path filesDirectory = Path.of("/var/run/secrets/onex");
        private Optional<VaultSourceSettings> vault = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder(EnvironmentVariables environment) {
            this.environment = environment;
        }

        /** Sets the order bare references are tried in; default vault, env, file. No source may repeat. */
        public Builder order(List<Source> order) {
            List<Source> copy = List.copyOf(order);
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("the secret source order needs at least one source");
            }
            if (EnumSet.copyOf(copy).size() != copy.size()) {
                throw new IllegalArgumentException("the secret source order names a source twice: " + copy);
            }
            this.order = copy;
            return this;
        }

        /** Sets how long a value is served from the cache; default 5 minutes; {@link Duration#ZERO} caches nothing. */
        public Builder cacheTtl(Duration ttl) {
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("the secret cache TTL must not be negative: " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** Sets the directory the FILE source reads {@code <path>/<key>} under; default /var/run/secrets/onex. */
        public Builder filesDirectory(Path directory) {
            if (!directory.isAbsolute()) {
                throw new IllegalArgumentException("the secrets directory must be absolute: " + directory);
            }
            this.filesDirectory = directory.normalize();
            return this;
        }

        /** Adds the Vault source, reading as {@code settings} say; without it the VAULT source is skipped. */
        public Builder vault(VaultSourceSettings settings) {
            this.vault = Optional.of(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** Sets the clock the cache's TTL is measured with; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the resolver; it reads nothing until asked. */
        public SecretResolver build() {
            return new SecretResolver(this);
        }
    }
}
