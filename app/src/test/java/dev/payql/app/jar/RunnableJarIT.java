package dev.payql.app.jar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runnable jar, started as a user starts it ({@code java -jar payql.jar}), sells and runs a
 * request. It catches what in-process tests cannot: a dependency missing from the shaded jar, a
 * service file lost in the merge.
 */
class RunnableJarIT {

  private static final Path JAR = Path.of("target", "payql.jar");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dataDir;

  @Test
  void theJarHoldsEveryBackendsDriver() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("org/postgresql/Driver.class")).as("PostgreSQL driver").isNotNull();
      assertThat(jar.getEntry("org/h2/Driver.class")).as("H2").isNotNull();
      assertThat(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).as("Jackson").isNotNull();
      assertThat(jar.getEntry("org/lightningj/lnd/proto/LightningApi.class")).as("LND definitions").isNotNull();
      assertThat(jar.getEntry("db/migration/V1__purchases.sql")).as("migrations").isNotNull();
    }
  }

  /** In both log formats; with {@code json} every line is one JSON event. Neither logs a secret. */
  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void javaDashJarStartsPayqlAndSellsARequest(String logFormat) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path log = dataDir.resolve("payql.log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PAYQL_"));
    builder.environment().put("PAYQL_HOST", "127.0.0.1");
    builder.environment().put("PAYQL_PORT", String.valueOf(port));
    builder.environment().put("PAYQL_DATA_DIR", dataDir.resolve("data").toString());
    builder.environment().put("PAYQL_STORE_SAMPLE_DATA", "false");
    // read before the settings: honoured, so never reported as unknown
    builder.environment().put("PAYQL_LOG_LEVEL", "INFO");
    builder.environment().put("PAYQL_LOG_FORMAT", logFormat);
    Process payql = builder.start();
    JsonNode invoice;
    String preimage;
    try {
      String base = "http://127.0.0.1:" + port;
      awaitHealthy(base, payql, log);

      String body = "{\"query\":\"{ exchanges { exchangeSymbol } }\"}";
      invoice = JSON.readTree(post(base + "/api/invoice", body, null).body());
      preimage = JSON.readTree(post(base + "/dev/pay",
          "{\"paymentRequest\":\"" + invoice.get("paymentRequest").asText() + "\"}", null).body()).get("preimage").asText();
      HttpResponse<String> answer = post(base + "/graphql", body, invoice.get("apikey").asText());

      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).at("/data/exchanges").isArray()).isTrue();
    } finally {
      payql.destroy();
      payql.waitFor();
    }
    String written = Files.readString(log);
    assertThat(written).doesNotContain(invoice.get("apikey").asText()).doesNotContain(preimage)
        .doesNotContain("unknown environment variable").contains("PayQL stopped");
    if (logFormat.equals("json")) {
      // the JVM's own "WARNING:" lines (deprecated Unsafe use in libraries) go to stderr without logback
      assertThat(written.lines().filter(line -> !line.isBlank() && !line.startsWith("WARNING: "))).allSatisfy(line -> {
        JsonNode event = JSON.readTree(line);
        assertThat(event.has("level") && event.has("loggerName") && event.has("formattedMessage")).as(line).isTrue();
      });
      assertThat(written).contains("\"loggerName\":\"dev.payql.http.requests\"");
    }
  }

  @Test
  void settingsThatDoNotFitTogetherExitWithTwoNamingThem() throws Exception {
    Process payql = payql(Map.of("PAYQL_PRICE_MIN_MSAT", "5000", "PAYQL_PRICE_MAX_MSAT", "1000"));

    assertThat(payql.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String output = new String(payql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(payql.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("PAYQL_PRICE_MIN_MSAT", "PAYQL_PRICE_MAX_MSAT").doesNotContain("\tat ");
  }

  @Test
  void theSimulatedNodeOnEveryInterfaceExitsWithTwoUnlessAskedFor() throws Exception {
    Process payql = payql(Map.of("PAYQL_HOST", "0.0.0.0"));

    assertThat(payql.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String output = new String(payql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(payql.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("PAYQL_HOST", "PAYQL_SIMNODE_ALLOW_NON_LOOPBACK");
  }

  private Process payql(Map<String, String> settings) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toAbsolutePath().toString())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("PAYQL_"));
    builder.environment().put("PAYQL_DATA_DIR", dataDir.resolve("data").toString());
    builder.environment().putAll(settings);
    return builder.start();
  }

  private void awaitHealthy(String base, Process payql, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (!payql.isAlive()) {
        throw new AssertionError("PayQL exited with " + payql.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("PayQL did not become healthy:\n" + Files.readString(log));
  }

  private HttpResponse<String> post(String url, String body, String key) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
