package dev.licex.cli;

import dev.licex.protocol.transport.HttpTransport;
import dev.licex.protocol.transport.Transport;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends each request to one of several server instances at random, as a load balancer without
 * session affinity would: the legs of one transaction, and its repeats, land on different
 * instances.
 */
final class SpreadTransport implements Transport {

    private final List<HttpTransport> instances;

    private SpreadTransport(List<HttpTransport> instances) {
        this.instances = instances;
    }

    static Transport over(List<URI> servers, Duration connectTimeout, Duration requestTimeout) {
        List<HttpTransport> instances = servers.stream()
                .map(uri -> new HttpTransport(uri, connectTimeout, requestTimeout, null)).toList();
        return instances.size() == 1 ? instances.get(0) : new SpreadTransport(instances);
    }

    @Override
    public WireResponse exchange(WireRequest request) throws IOException {
        return instances.get(ThreadLocalRandom.current().nextInt(instances.size())).exchange(request);
    }

    /**
     * The instances are one service, as behind a load balancer's single address; the first
     * instance's address stands for it, so the device records one server for its transactions
     * and {@code licex recover --server FIRST} finishes them.
     */
    @Override
    public String describe() {
        return instances.get(0).describe();
    }

    @Override
    public void close() {
        instances.forEach(HttpTransport::close);
    }
}
