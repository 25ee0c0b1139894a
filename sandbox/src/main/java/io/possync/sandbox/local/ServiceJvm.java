package io.possync.sandbox.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of the platform in a JVM of its own (this JVM's class path, {@link ServiceMain}),
 * ready once its health endpoint answers. Its output goes to a log file named in the log.
 */
final class ServiceJvm implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceJvm.class);
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final String name;
    private final Process process;
    private final int port;

    private ServiceJvm(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    static ServiceJvm start(String name, Map<String, String> properties) {
        long started = System.nanoTime();
        int port = Integer.parseInt(properties.get("server.port"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), Platform.SERVICE_JVM_HEAP,
                "-cp", System.getProperty("java.class.path"), ServiceMain.class.getName(), name));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path output = Files.createTempFile("possync-" + name + "-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            ServiceJvm jvm = new ServiceJvm(name, process, port);
            jvm.awaitHealthy(output);
            log.info("{} started in its own JVM (pid {}) on port {} in {} ms; output in {}", name, process.pid(), port,
                    (System.nanoTime() - started) / 1_000_000, output);
            return jvm;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " in its own JVM", e);
        }
    }

    private void awaitHealthy(Path output) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + output);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                log.trace("{} not answering yet: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted starting " + name, e);
            }
            pause();
        }
        close();
        throw new IllegalStateException(name + " not healthy within " + STARTUP + "; see " + output);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    /** VmHWM of the process, or -1 once it is gone. */
    long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException e) {
            log.debug("no memory figure for {}: {}", name, e.getMessage());
        }
        return -1;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
