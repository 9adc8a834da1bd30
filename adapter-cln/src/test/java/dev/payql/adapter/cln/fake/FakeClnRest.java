package dev.payql.adapter.cln.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
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
import java.security.MessageDigest;
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

  private FakeClnRest(HttpsServer server, ExecutorService executor, Path certificate, Path runeFile) {
    this.server = server;
    this.executor = executor;
    this.certificate = certificate;
    this.runeFile = runeFile;
  }

  static FakeClnRest start(FakeClnLedger ledger, Path dir, String rune) {
    try {
      Path keystore = dir.resolve("fake-clnrest.p12");
      Path certificate = dir.resolve("fake-clnrest-ca.pem");
      selfSign(keystore, certificate);
      Path runeFile = dir.resolve("fake-clnrest.rune");
      Files.writeString(runeFile, rune + "\n");

      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, STORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys.getKeyManagers(), null, null);

      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls));
      ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(executor);
      ObjectMapper mapper = new ObjectMapper();
      server.createContext("/v1/", exchange -> answer(exchange, ledger, mapper, rune));
      server.start();
      return new FakeClnRest(server, executor, certificate, runeFile);
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

  private static void answer(HttpExchange exchange, FakeClnLedger ledger, ObjectMapper mapper, String rune)
      throws IOException {
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
      if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), rune.getBytes(StandardCharsets.UTF_8))) {
        send(exchange, 401, error(mapper, 1502, "Not authorized: Not derived from master"), mapper);
        return;
      }
      String method = exchange.getRequestURI().getPath().substring("/v1/".length());
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

  /** keytool from the running JDK: a self-signed EC certificate for "cln" and "localhost". */
  private static void selfSign(Path keystore, Path certificate) throws IOException {
    Files.deleteIfExists(keystore);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "cln", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=cln",
        "-ext", "SAN=dns:cln,dns:localhost", "-validity", "30", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
    run(keytool, "-exportcert", "-rfc", "-alias", "cln", "-keystore", keystore.toString(), "-storepass",
        STORE_PASSWORD, "-file", certificate.toString());
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }
}
