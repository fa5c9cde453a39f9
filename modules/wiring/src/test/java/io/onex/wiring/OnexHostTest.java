package io.onex.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.onex.host.api.ConfigSchema;
import io.onex.host.api.Handler;
import io.onex.host.api.HandlerDescription;
import io.onex.host.api.HandlerFactory;
import io.onex.host.api.Secrets;
import io.onex.host.api.contract.HandlerBinding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OnexHost}: the built-in handlers first, registered factories after them, and each
 * registered factory checked before any command runs.
 */
class OnexHostTest {

    private static final String QUICKSTART = Launcher.HOME.resolve("examples/quickstart/runtime.yaml").toString();

    /** A factory whose every answer a test may change. */
    private record Factory(int spiVersion, String type, List<HandlerDescription.Operation> operations,
            ConfigSchema configSchema) implements HandlerFactory {

        static Factory named(String type) {
            return new Factory(SPI_VERSION, type, List.of(operation(type + ".apply")), ConfigSchema.empty());
        }

        @Override
        public String version() {
            return "1.0.0";
        }

        @Override
        public String summary() {
            return "a test handler";
        }

        @Override
        public Handler create(HandlerBinding binding, Secrets secrets) {
            throw new UnsupportedOperationException("not built by these tests");
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static HandlerDescription.Operation operation(String name) {
        return new HandlerDescription.Operation(name, List.of(), List.of(), List.of());
    }

    private static Run validate(HandlerFactory... factories) {
        OnexHost.Builder builder = OnexHost.builder();
        for (HandlerFactory factory : factories) {
            builder.handler(factory);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = builder.build().cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "validate", QUICKSTART);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBuiltInHandlersComeFirstThenTheRegisteredOnesInOrder() {
        OnexHost host = OnexHost.builder().handler(Factory.named("redis")).handler(Factory.named("upper")).build();

        assertThat(host.handlers()).extracting(HandlerFactory::type)
                .containsExactly("local", "http", "db", "vault", "consul", "redis", "upper");
    }

    @Test
    void aHostWithWellFormedFactoriesRunsTheCommand() {
        Run run = validate(Factory.named("redis"));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("ok: ");
    }

    @Test
    void aFactoryBuiltForAnotherSpiVersionStopsTheHostNamingItsTypeAndClass() {
        Factory factory = new Factory(99, "redis", List.of(operation("redis.get")), ConfigSchema.empty());

        Run run = validate(factory);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith("onex-host: handler factory 'redis' ("
                + Factory.class.getName() + ") was built for handler SPI version 99, but this host has version "
                + HandlerFactory.SPI_VERSION).contains("rebuild the handler");
    }

    @Test
    void aTypeAlreadyRegisteredStopsTheHostEvenABuiltInOne() {
        Run run = validate(Factory.named("http"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("handler factory 'http' ("
                + Factory.class.getName() + ") registers the type 'http', which "
                + "io.onex.handler.http.HttpHandlerFactory already registers", "a built-in type cannot be replaced");
    }

    @Test
    void aMalformedTypeNameStopsTheHost() {
        Run run = validate(Factory.named("Redis-Cache"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("handler factory 'Redis-Cache' (",
                "has an invalid type name", "lowercase letters, digits and _");
    }

    @Test
    void anOperationNotNamedAfterTheTypeStopsTheHost() {
        Run run = validate(new Factory(HandlerFactory.SPI_VERSION, "redis", List.of(operation("cache.get")),
                ConfigSchema.empty()));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .contains("declares the operation 'cache.get'", "redis.<action>");
    }

    @Test
    void aKeyNamedLikeASecretThatIsNotASecretStopsTheHost() {
        Run run = validate(new Factory(HandlerFactory.SPI_VERSION, "redis", List.of(operation("redis.get")),
                ConfigSchema.builder().text("password", null).build()));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("handler factory 'redis' (",
                "config key 'password' of kind TEXT", "must be of kind SECRET", "secret(\"password\")");
    }

    @Test
    void everyBadFactoryIsReportedOnALineOfItsOwn() {
        Run run = validate(new Factory(7, "one", List.of(), ConfigSchema.empty()), Factory.named("db"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(2);
    }
}
