package dev.licex.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.client.RetryPolicy;
import dev.licex.protocol.client.StepGate;
import dev.licex.protocol.testing.TestDevice;
import dev.licex.protocol.testing.TestServer;
import dev.licex.protocol.testing.TestStores;
import dev.licex.protocol.transport.TransportSecurity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with TLS 1.2+ only, clients that verify the certificate, and no plain HTTP across the network. */
class TransportSecurityTest {

    private static final String PASSWORD = "test-keystore-password";

    @TempDir
    static Path dir;
    static RightsServer server;
    static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "licex", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", PASSWORD);
        Path certificate = dir.resolve("server.pem");
        keytool("-exportcert", "-alias", "licex", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-rfc",
                "-file", certificate.toString());
        trustStore = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "licex", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        server = RightsServer.start(new SimulatorConfig(SimulatorConfig.LOOPBACK, 0,
                TestStores.server(dir.resolve("store")), false, null, false, false, 0, null)
                .withTls(new TlsSettings(keystore, PASSWORD)));
        TestServer.seed(server.runtime());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void aClientTrustingTheServersCertificateAcquiresOverHttps() throws Exception {
        URI https = URI.create("https://localhost:" + server.port());
        var transport = new TransportSecurity(trustStore, PASSWORD, false).open(https);
        try (TestDevice device = new TestDevice(dir.resolve("device"), transport, TestServer.ALICE_TOKEN,
                RetryPolicy.fast(), StepGate.OPEN)) {
            assertThat(device.engine.acquire(TestServer.FILM, null)).isInstanceOf(Outcome.Completed.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateRefusesToTalk() {
        var transport = TransportSecurity.DEFAULT.open(URI.create("https://localhost:" + server.port()));
        assertThatThrownBy(() -> transport.exchange(dev.licex.protocol.transport.WireRequest.get("/healthz", null)))
                .isInstanceOf(IOException.class).hasMessageContaining("secure connection")
                .hasMessageContaining("--truststore");
    }

    @Test
    void theServerSpeaksTls13AndRefusesTls11() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        var store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(trustStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        trust.init(store);
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (SSLSocket old = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port())) {
            old.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(old::startHandshake).isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainHttpGoesOnlyToThisMachineUnlessAllowed() {
        assertThatThrownBy(() -> TransportSecurity.DEFAULT.open(URI.create("http://rights.example.com:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-plain-http");
        assertThat(new TransportSecurity(null, null, true).open(URI.create("http://rights.example.com:8080")))
                .isNotNull();
        assertThat(TransportSecurity.DEFAULT.open(URI.create("http://127.0.0.1:8080"))).isNotNull();
        assertThat(TransportSecurity.DEFAULT.open(URI.create("http://localhost:8080"))).isNotNull();
    }
}
