package io.onex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * What {@link KafkaBroker} needs of the local machine to run a broker in a forked JVM: the
 * command of a JVM on the test's class path, the storage formatting step, free loopback ports,
 * bounded waits for a process, and the removal of its private folder.
 */
final class KafkaBrokerJvm {

    private KafkaBrokerJvm() {
    }

    /**
     * Returns the command that runs {@code mainClass} in a new JVM with {@code jvm}'s options, on
     * this JVM's class path.
     */
    static List<String> command(KafkaBroker.Jvm jvm, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm.options());
        command.addAll(List.of("-Xshare:auto", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Formats the storage of the broker whose {@code server.properties} is {@code config}, in
     * {@code home}, within {@code limit}; its output goes to {@code home/format.log}.
     */
    static void format(Path home, Path config, Duration limit) {
        List<String> command = command(KafkaBroker.Jvm.LIGHT, "kafka.tools.StorageTool", "format", "-t",
                Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted");
        try {
            Process formatter = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(home.resolve("format.log").toFile()).start();
            if (!waitFor(formatter, limit)) {
                formatter.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage did not finish within " + limit);
            }
            if (formatter.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka storage failed (exit " + formatter.exitValue()
                        + "):\n" + Files.readString(home.resolve("format.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits at most {@code limit} for {@code process} to end; returns whether it did. */
    static boolean waitFor(Process process, Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sleeps for {@code duration}, between two bounded checks. */
    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Returns {@code count} distinct ports that were free on the loopback interface just now. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a probe socket cannot fail in a way that matters.
                }
            }
        }
    }

    /** Deletes {@code root} and everything under it, as far as it can. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
