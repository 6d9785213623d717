package dev.licex.simulator.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.event.EventBus;
import dev.licex.protocol.event.ProtocolEvent;
import dev.licex.protocol.event.ProtocolListener;
import dev.licex.protocol.event.Side;
import dev.licex.protocol.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/events}: the server's protocol events as Server-Sent Events, one JSON object
 * per event. Each subscriber gets its own bounded queue and writer thread, so a slow reader is
 * dropped instead of slowing the server down.
 */
final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final int QUEUE = 10_000;
    private static final long HEARTBEAT_SECONDS = 15;

    private final EventBus events;

    EventStream(EventBus events) {
        this.events = events;
    }

    void serve(Response response, Callback callback) {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        ProtocolListener subscriber = event -> {
            if (event.side() == Side.SERVER && !queue.offer(toJson(event))) {
                LOG.warn("an event stream reader is too slow; dropping it");
                queue.clear();
                queue.offer("");
            }
        };
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        events.subscribe(subscriber);
        Thread.ofVirtual().name("sse-writer").start(() -> {
            try {
                write(response, ": licex event stream\n\n");
                while (true) {
                    String json = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    if (json == null) {
                        write(response, ": heartbeat\n\n");
                    } else if (json.isEmpty()) {
                        throw new ExecutionException(new IllegalStateException("reader too slow"));
                    } else {
                        write(response, "event: protocol\ndata: " + json + "\n\n");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(e);
            } catch (ExecutionException e) {
                callback.failed(e.getCause());
            } finally {
                events.unsubscribe(subscriber);
            }
        });
    }

    private static void write(Response response, String text) throws InterruptedException, ExecutionException {
        FutureCallback written = new FutureCallback();
        response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
        written.get();
    }

    static String toJson(ProtocolEvent event) {
        ObjectNode node = Json.mapper().valueToTree(event);
        node.put("type", event.getClass().getSimpleName());
        return Json.writeString(node);
    }
}
