package dev.licex.simulator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.testing.Invariant;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.transport.HttpTransport;
import dev.licex.protocol.transport.WireRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP transport against WireMock, an independent peer that produces real broken HTTP: it
 * stands between the client and a real rights server, breaks one leg once, and proxies the rest.
 */
class WireMockFaultsTest {

    @TempDir
    Path dir;
    TestRightsServer rights;
    WireMockServer wiremock;

    @BeforeEach
    void start() throws Exception {
        rights = TestRightsServer.start(dir.resolve("server"));
        wiremock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        wiremock.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().proxiedFrom(rights.server.baseUri().toString())));
    }

    @AfterEach
    void stop() {
        wiremock.stop();
        rights.close();
    }

    static Stream<Arguments> faults() {
        List<Arguments> cases = new ArrayList<>();
        for (String leg : List.of("transactions", "rights", "completion")) {
            for (Fault fault : List.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE,
                    Fault.MALFORMED_RESPONSE_CHUNK, Fault.RANDOM_DATA_THEN_CLOSE)) {
                cases.add(Arguments.of(fault + " on " + leg, leg, aResponse().withFault(fault)));
            }
            cases.add(Arguments.of("answer slower than the client's timeout on " + leg, leg,
                    aResponse().proxiedFrom("http://placeholder").withFixedDelay(1_500)));
            cases.add(Arguments.of("200 with a truncated body on " + leg, leg,
                    aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"trans")));
            cases.add(Arguments.of("502 from a gateway on " + leg, leg,
                    aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<h1>Bad Gateway</h1>")));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void theClientRepairsTheFaultAndAcquiresExactlyOnce(String name, String leg, ResponseDefinitionBuilder fault)
            throws Exception {
        if (fault.build().getProxyBaseUrl() != null) {
            fault = fault.proxiedFrom(rights.server.baseUri().toString());
        }
        String path = leg.equals("transactions") ? "/v1/transactions" : "/v1/transactions/[^/]+/" + leg;
        wiremock.stubFor(post(urlMatching(path)).atPriority(1).inScenario(name)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(fault).willSetStateTo("broken once"));

        HttpTransport transport = new HttpTransport(URI.create(wiremock.baseUrl()), Duration.ofSeconds(1),
                Duration.ofMillis(800), null);
        try (TestDevice device = new TestDevice(dir.resolve("device"), transport, TestServer.ALICE_TOKEN,
                new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(100)), StepGate.OPEN)) {
            Outcome outcome = device.engine.acquire(TestServer.FILM, null);

            assertThat(outcome).isInstanceOf(Outcome.Completed.class);
            assertThat(device.store.find(outcome.transactionId()).orElseThrow().attempts())
                    .as("the fault cost at least one retry").isPositive();
            Invariant.assertHolds(rights.server.runtime(), device.store);
        }
    }

    @Test
    void eachBrokenAnswerSurfacesAsAnIoExceptionNotAResponse() {
        HttpTransport transport = new HttpTransport(URI.create(wiremock.baseUrl()), Duration.ofSeconds(1),
                Duration.ofMillis(500), null);
        for (Fault fault : List.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE,
                Fault.MALFORMED_RESPONSE_CHUNK, Fault.RANDOM_DATA_THEN_CLOSE)) {
            wiremock.stubFor(post(urlMatching("/broken")).atPriority(1).willReturn(aResponse().withFault(fault)));
            assertThatThrownBy(() -> transport.exchange(WireRequest.postJson("/broken", "t", "{}".getBytes())))
                    .as(fault.name()).isInstanceOf(IOException.class).hasMessageContaining(wiremock.baseUrl());
        }
        wiremock.stubFor(post(urlMatching("/slow")).atPriority(1).willReturn(aResponse().withFixedDelay(2_000)));
        assertThatThrownBy(() -> transport.exchange(WireRequest.postJson("/slow", "t", "{}".getBytes())))
                .isInstanceOf(IOException.class).hasMessageContaining("no answer");
    }
}
