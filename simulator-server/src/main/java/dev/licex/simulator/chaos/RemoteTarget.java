package dev.licex.simulator.chaos;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.licex.protocol.fault.FaultRule;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.AccountLedger;
import dev.licex.protocol.message.Ledger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chaos target on a simulator elsewhere: faults through {@code /admin/faults}, the ledger
 * through {@code /v1/ledger}, faults counted from {@code /metrics}.
 */
public final class RemoteTarget implements ChaosTarget {

    private static final Pattern FAULT_METRIC =
            Pattern.compile("(?m)^licex_faults_injected_total\\{action=\"([A-Z_]+)\"[^}]*} ([0-9.eE+]+)$");

    private final URI base;
    private final String token;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public RemoteTarget(URI base, String token, String adminToken) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        this.adminToken = adminToken;
    }

    @Override
    public URI baseUri() {
        return base;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void applyFaults(List<FaultRule> rules, long seed) throws IOException {
        admin(HttpRequest.newBuilder(base.resolve("/admin/faults")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.write(rules))));
    }

    @Override
    public void clearFaults() throws IOException {
        admin(HttpRequest.newBuilder(base.resolve("/admin/faults")).DELETE());
    }

    /** The fault rules active on the simulator now. */
    public List<FaultRule> activeFaults() throws IOException {
        HttpResponse<String> response = admin(HttpRequest.newBuilder(base.resolve("/admin/faults")).GET());
        return Json.mapper().readValue(response.body(), new TypeReference<List<FaultRule>>() { });
    }

    /** Asks the simulator to crash and come back from its database ({@code POST /admin/restart}). */
    public void restart() throws IOException {
        admin(HttpRequest.newBuilder(base.resolve("/admin/restart")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> admin(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response = send(request.header("Authorization", "Bearer " + adminToken));
        if (response.statusCode() == 401) {
            throw new TargetRefusedException("the simulator at " + base + " did not accept the admin token; give it "
                    + "with --admin-token");
        }
        if (response.statusCode() == 404) {
            throw new TargetRefusedException("the server at " + base + " has no admin API: start it with --simulator");
        }
        if (response.statusCode() >= 300) {
            throw new IOException("the simulator refused the request: " + response.body());
        }
        return response;
    }

    @Override
    public List<AccountLedger> ledgers() throws IOException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/ledger"))
                .header("Authorization", "Bearer " + token).GET());
        if (response.statusCode() == 401) {
            throw new TargetRefusedException("the server at " + base + " did not accept the token; give it with --token");
        }
        if (response.statusCode() != 200) {
            throw new IOException("cannot read the ledger (" + response.statusCode() + "): " + response.body());
        }
        Ledger ledger = Json.read(response.body().getBytes(StandardCharsets.UTF_8), Ledger.class);
        return List.of(new AccountLedger(ledger.accountId(), ledger.offers()));
    }

    @Override
    public Map<String, Long> faultsInjected() throws IOException {
        String metrics = send(HttpRequest.newBuilder(base.resolve("/metrics")).GET()).body();
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = FAULT_METRIC.matcher(metrics);
        while (m.find()) {
            counts.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        return counts;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
