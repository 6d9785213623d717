package dev.licex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A JVM running a main class of this test classpath. */
record ChildJvm(Process process, List<String> lines, CompletableFuture<Void> ready, Thread reader,
        Path errorFile) {

    static ChildJvm start(Class<?> main, List<String> args, String readyLine) throws Exception {
        return start(main, args, Map.of(), readyLine);
    }

    /** Starts a child with extra environment variables and waits for the line that says it is ready. */
    static ChildJvm start(Class<?> main, List<String> args, Map<String, String> environment, String readyLine)
            throws Exception {
        ChildJvm child = launch(main, args, environment, readyLine);
        child.ready.get(60, TimeUnit.SECONDS);
        return child;
    }

    static ChildJvm run(Class<?> main, List<String> args) throws Exception {
        return run(main, args, Map.of());
    }

    static ChildJvm run(Class<?> main, List<String> args, Map<String, String> environment) throws Exception {
        ChildJvm child = launch(main, args, environment, null);
        assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        child.reader.join(5_000);
        return child;
    }

    private static ChildJvm launch(Class<?> main, List<String> args, Map<String, String> environment,
            String readyLine) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-Xmx256m",
                // the test classpath holds several modules' logback-test.xml; keep logback's notes off stdout
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        Path errors = Files.createTempFile("licex-child-", ".err");
        // read by a test after the child ended, so kept until the test JVM exits
        errors.toFile().deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        Map<String, String> env = builder.environment();
        env.remove("LICEX_TOKEN");
        env.remove("LICEX_DB_PASSWORD");
        env.putAll(environment);
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    if (readyLine != null && line.startsWith(readyLine)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
            ready.completeExceptionally(new IllegalStateException(main.getSimpleName() + " exited: " + lines));
        }, "child-" + main.getSimpleName());
        reader.setDaemon(true);
        reader.start();
        return new ChildJvm(process, lines, ready, reader, errors);
    }

    /** SIGKILL; no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<String> acks() {
        return lines.stream().filter(l -> l.startsWith("ACK ")).toList();
    }

    int exitCode() {
        return process.exitValue();
    }

    String output() {
        return String.join("\n", lines);
    }

    String errors() {
        try {
            return Files.readString(errorFile);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }
}
