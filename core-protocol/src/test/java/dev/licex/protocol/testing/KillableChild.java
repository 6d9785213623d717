package dev.licex.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A JVM running a test worker's {@code main}, with what it printed, for tests that SIGKILL it. */
public final class KillableChild {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private record Waiter(String line, CompletableFuture<Void> seen) {
    }

    private KillableChild(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static KillableChild start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new KillableChild(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                for (Waiter waiter : waiters) {
                    if (line.equals(waiter.line())) {
                        waiter.seen().complete(null);
                    }
                }
            }
        } catch (IOException e) {
            waiters.forEach(w -> w.seen().completeExceptionally(e));
        }
        waiters.forEach(w -> w.seen().completeExceptionally(new IllegalStateException("the child exited: " + lines)));
    }

    /** Waits until the child prints exactly {@code line}, which it may have done already. */
    public void await(String line) throws Exception {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        waiters.add(new Waiter(line, seen));
        if (lines.contains(line)) {
            seen.complete(null);
        }
        if (!reader.isAlive() && !seen.isDone()) {
            seen.completeExceptionally(new IllegalStateException("the child exited: " + lines));
        }
        seen.get(60, TimeUnit.SECONDS);
    }

    /** SIGKILL: {@code destroyForcibly} on Unix sends signal 9; no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
        reader.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Waits for a child that ends by itself, and gives its exit code. */
    public int exitCode() throws InterruptedException {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** Every line the child printed that starts with one of {@code prefixes}. */
    public List<String> linesStartingWith(String... prefixes) {
        return lines.stream().filter(line -> List.of(prefixes).stream().anyMatch(line::startsWith)).toList();
    }
}
