package io.onex.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void aServerAnswersRedisCliOnALoopbackPortAndKeepsNothing() {
        try (RedisServer redis = RedisServer.create()) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.cli("SET", "k", "v")).isEqualTo("OK");
            assertThat(redis.cli("GET", "k")).isEqualTo("v");
            assertThat(redis.cli("CONFIG", "GET", "save")).isEqualTo("save");
            assertThat(redis.cli("CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
            assertThat(redis.cli("CONFIG", "GET", "bind")).isEqualTo("bind\n127.0.0.1");
        }
    }

    @Test
    void aServerWithAPasswordRefusesCommandsWithoutIt() throws IOException {
        try (RedisServer redis = RedisServer.createWithPassword("pw-" + System.nanoTime());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] reply = new byte[64];
            int n = socket.getInputStream().read(reply);

            assertThat(new String(reply, 0, n)).startsWith("-NOAUTH");
            assertThat(redis.cli("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void stopAndStartKeepThePortAndLoseTheData() {
        try (RedisServer redis = RedisServer.create()) {
            int port = redis.port();
            redis.cli("SET", "k", "v");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.cli("PING")).isInstanceOf(IllegalStateException.class);
            redis.start();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.cli("EXISTS", "k")).isEqualTo("0");
        }
    }

    @Test
    void closeStopsTheServer() {
        RedisServer redis = RedisServer.create();
        int port = redis.port();
        redis.close();

        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> redis.cli("PING")).isInstanceOf(IllegalStateException.class);
    }
}
