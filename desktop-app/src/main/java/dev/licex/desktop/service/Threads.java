package dev.licex.desktop.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Where work runs: blocking work on background threads, and its results applied on the UI thread.
 * View-models take this instead of touching JavaFX's thread directly, so they can be tested
 * without a window (with an executor that runs everything in place).
 */
public final class Threads implements AutoCloseable {

    private final ExecutorService background;
    private final Executor ui;

    public Threads(ExecutorService background, Executor ui) {
        this.background = background;
        this.ui = ui;
    }

    /** Daemon background threads; results delivered to {@code ui} (Platform::runLater in the app). */
    public static Threads forApp(Executor ui) {
        return new Threads(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("licex-work-", 0).factory()),
                ui);
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** A lane of its own: work run one piece at a time, in the order given, results on the same UI thread. */
    public Threads serial(String name) {
        return new Threads(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name(name).factory()), ui);
    }

    /**
     * Runs {@code work} in the background, then {@code done} or {@code failed} on the UI thread.
     * Once closed, work is refused: the returned future fails and neither callback runs, since
     * whatever asked belongs to a window or connection that is gone.
     */
    public <T> CompletableFuture<T> run(Work<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            background.execute(() -> {
                try {
                    T result = work.run();
                    ui.execute(() -> done.accept(result));
                    future.complete(result);
                } catch (Exception e) {
                    ui.execute(() -> failed.accept(e));
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException closed) {
            future.completeExceptionally(closed);
        }
        return future;
    }

    public void onUi(Runnable action) {
        ui.execute(action);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
