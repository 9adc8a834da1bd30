package dev.payql.adapter.cln.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.math.BigInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * CLNRest in front of the fake ledger: {@code POST /v1/<method>}, JSON parameters, the rune in the
 * {@code Rune} header; 201 with the result, 500 with the error object, 404 for an unknown method,
 * 403 without a rune and 401 with a wrong one (plugins/rest-plugin, handlers.rs and shared.rs).
 * Its certificate is self-signed for "cln" and "localhost" only, as CLNRest's own is.
 */
public final class FakeClnRest {

  private static final String STORE_PASSWORD = "fake-cln-store";

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Path certificate;
  private final Path runeFile;
  private final Map<String, Set<String>> restrictedRunes;

  private FakeClnRest(HttpsServer server, ExecutorService executor, Path certificate, Path runeFile,
      Map<String, Set<String>> restrictedRunes) {
    this.server = server;
    this.executor = executor;
    this.certificate = certificate;
    this.runeFile = runeFile;
    this.restrictedRunes = restrictedRunes;
  }

  static FakeClnRest start(FakeClnLedger ledger, Path dir, String rune) {
    try {
      Path certificate = dir.resolve("fake-clnrest-ca.pem");
      KeyStore store = selfSigned(certificate);
      Path runeFile = dir.resolve("fake-clnrest.rune");
      Files.writeString(runeFile, rune + "\n");

      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);

      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(executor);
      ObjectMapper mapper = new ObjectMapper();
      Map<String, Set<String>> restricted = new ConcurrentHashMap<>();
      server.createContext("/v1/", exchange -> answer(exchange, ledger, mapper, rune, restricted));
      server.start();
      return new FakeClnRest(server, executor, certificate, runeFile, restricted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code https://127.0.0.1:<port>}: an address the certificate does not name, as in practice. */
  public URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Accepts {@code rune} too, for {@code methods} only, as a rune created with
   * {@code restrictions=[["method=a","method=b"]]}; other methods are refused 401 "Not permitted".
   * Returns a file holding it.
   */
  public Path addRestrictedRune(String rune, Set<String> methods) {
    restrictedRunes.put(rune, Set.copyOf(methods));
    try {
      return Files.writeString(runeFile.resolveSibling("restricted-" + restrictedRunes.size() + ".rune"), rune + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PEM certificate to trust (PAYQL_CLN_REST_CERT). */
  public Path certificate() {
    return certificate;
  }

  /** A file holding the accepted rune (PAYQL_CLN_RUNE). */
  public Path runeFile() {
    return runeFile;
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void answer(HttpExchange exchange, FakeClnLedger ledger, ObjectMapper mapper, String rune,
      Map<String, Set<String>> restrictedRunes) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, mapper.createObjectNode().put("message", "POST only"), mapper);
        return;
      }
      String presented = exchange.getRequestHeaders().getFirst("Rune");
      if (presented == null) {
        send(exchange, 403, error(mapper, 1501, "Not authorized: Missing rune"), mapper);
        return;
      }
      String method = exchange.getRequestURI().getPath().substring("/v1/".length());
      boolean master = MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
          rune.getBytes(StandardCharsets.UTF_8));
      Set<String> allowed = restrictedRunes.get(presented);
      if (!master && allowed == null) {
        send(exchange, 401, error(mapper, 1502, "Not authorized: Not derived from master"), mapper);
        return;
      }
      if (!master && !allowed.contains(method)) {
        send(exchange, 401, error(mapper, 1502, "Not permitted: method is not one of " + allowed), mapper);
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode params = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
      try {
        send(exchange, 201, ledger.handle(method, params), mapper);
      } catch (FakeRpcError e) {
        send(exchange, e.code == -32601 ? 404 : 500, error(mapper, e.code, e.getMessage()), mapper);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ObjectNode error(ObjectMapper mapper, int code, String message) {
    return mapper.createObjectNode().put("code", code).put("message", message);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body, ObjectMapper mapper) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A self-signed EC certificate for "cln" and "localhost", as CLNRest makes for itself. */
  private static KeyStore selfSigned(Path certificate) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=cln");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "cln"),
            new GeneralName(GeneralName.dNSName, "localhost")}));
    ContentSigner signer;
    try {
      signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("cln", pair.getPrivate(), STORE_PASSWORD.toCharArray(), new Certificate[] {cert});
    return store;
  }
}
