package io.onex.handler.db;

import static io.onex.handler.db.DbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ErrorCode;
import io.onex.host.api.OnexException;
import io.onex.testkit.PostgresAddress;
import io.onex.testkit.PostgresFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** More concurrent work than connections: TIMEOUT answers, no leak, and service resumes. */
class DbHandlerPoolTest {

    private static final int POOL_SIZE = 2;
    private static final int CALLS = 5;
    private static DbHandler handler;

    @BeforeAll
    static void startHandler() {
        PostgresAddress address = PostgresFixture.shared().createDatabase("handler_pool");
        handler = DbTesting.start(address, Map.of("pool_size", POOL_SIZE, "acquire_timeout_ms", 800));
    }

    @AfterAll
    static void stopHandler() {
        handler.shutdown();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pool() {
        return (Map<String, Object>) handler.health().details().get("pool");
    }

    /** Runs {@code calls} copies of {@code sql} at once and returns each answer or error. */
    private static List<Object> concurrently(int calls, String sql) throws Exception {
        List<Object> outcomes = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(callers.submit(() -> {
                    try {
                        return query(handler, sql);
                    } catch (OnexException e) {
                        return e;
                    }
                }));
            }
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }
        }
        return outcomes;
    }

    @Test
    void callsBeyondThePoolWaitTheAcquireTimeoutThenAnswerTimeoutAndThePoolServesAgain() throws Exception {
        // Open both connections first, so that the contest below is only about the pool's size and
        // not about how fast a busy machine opens a connection: on a loaded machine opening one may
        // take longer than the acquire timeout, so the warm-up is repeated (bounded) until both are open.
        for (int attempt = 1; attempt <= 10 && !Integer.valueOf(POOL_SIZE).equals(pool().get("allocated")); attempt++) {
            concurrently(POOL_SIZE, "SELECT pg_sleep(0.3)");
        }
        assertThat(pool()).containsEntry("allocated", POOL_SIZE);

        // The holders sleep far longer than the others wait, so a slow start of a caller changes nothing.
        List<Object> outcomes = concurrently(CALLS, "SELECT pg_sleep(8)");
        List<OnexException> failures = outcomes.stream().filter(OnexException.class::isInstance)
                .map(OnexException.class::cast).toList();
        assertThat(outcomes).hasSize(CALLS);
        assertThat(outcomes.size() - failures.size()).as("calls that got a connection").isEqualTo(POOL_SIZE);
        assertThat(failures).hasSize(CALLS - POOL_SIZE).allSatisfy(failure -> {
            assertThat(failure.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).contains("acquire_timeout_ms (800 ms)");
        });

        assertThat(query(handler, "SELECT 1 AS served").get("rows")).isEqualTo(List.of(Map.of("served", 1)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pool())
                .containsEntry("acquired", 0).containsEntry("pending", 0));
        assertThat((Integer) pool().get("allocated")).isLessThanOrEqualTo(POOL_SIZE);
        assertThat(handler.health().healthy()).isTrue();
    }
}
