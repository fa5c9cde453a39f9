package io.onex.chaos;

import io.onex.testkit.VaultKvServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A steady load of secret reads, one new secret path per read, and what the Vault-API-compatible
 * server's request log says about them: since no two reads share a path, the requests that
 * arrived for a path are exactly the attempts of one envelope.
 */
final class SecretReads implements AutoCloseable {

    /** The KV v2 data prefix of every read's request path. */
    private static final String DATA_PATH = "/v1/secret/data/";

    private final Thread thread;
    private volatile boolean stopped;

    private SecretReads(Duration pace, int most, IntConsumer read) {
        thread = Thread.ofPlatform().daemon().name("chaos-load").start(() -> {
            for (int i = 0; i < most && !stopped; i++) {
                read.accept(i);
                try {
                    Thread.sleep(pace);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Calls {@code read} with 0, 1, 2, … once every {@code pace} on its own thread, at most {@code most} times. */
    static SecretReads start(Duration pace, int most, IntConsumer read) {
        return new SecretReads(pace, most, read);
    }

    /** Returns the secret path (relative to the mount) of read {@code index}. */
    static String path(int index) {
        return "app/e" + index;
    }

    /** Returns, for each secret path the load read, the times its requests arrived at Vault. */
    static Map<String, List<Instant>> arrivals(VaultKvServer vault) {
        return vault.requests().stream().filter(r -> r.path().startsWith(DATA_PATH + "app/e"))
                .collect(Collectors.groupingBy(r -> r.path().substring(DATA_PATH.length()),
                        Collectors.mapping(VaultKvServer.Request::arrivedAt, Collectors.toList())));
    }

    /** Returns, for each secret path the load read, how many requests arrived at Vault. */
    static Map<String, Long> attempts(VaultKvServer vault) {
        return arrivals(vault).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
    }

    /** Returns the time between each two consecutive arrivals of {@code times}. */
    static List<Duration> gaps(List<Instant> times) {
        List<Instant> sorted = times.stream().sorted().toList();
        return IntStream.range(1, sorted.size())
                .mapToObj(i -> Duration.between(sorted.get(i - 1), sorted.get(i))).toList();
    }

    /** Stops the load and waits (bounded) for its thread. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(5));
    }
}
