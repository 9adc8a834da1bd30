package dev.payql.api.upstream;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * GraphQL Yoga on graphql-js (npm, installed by the build under {@code target/upstream-server}),
 * started on a free loopback port: a GraphQL server nobody here wrote. It counts the requests that
 * reach it ({@link #requests()}, {@link #mutations()}) and keeps the last one's headers.
 */
public final class YogaUpstream implements AutoCloseable {

  static final Path SERVER = Path.of("target", "upstream-server", "server.mjs");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private YogaUpstream(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and returns once it says it listens; skips (fails on CI) without Node.js. */
  public static YogaUpstream start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return start(port);
  }

  /** As {@link #start()}, on {@code port}: an upstream started again where it was before. */
  public static YogaUpstream start(int port) throws IOException {
    if (!Files.exists(SERVER.getParent().resolve("node_modules"))) {
      String why = "the npm upstream is not installed (" + SERVER.getParent() + "; needs node and npm)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    Process process = new ProcessBuilder("node", SERVER.getFileName().toString(), String.valueOf(port))
        .directory(SERVER.getParent().toFile())
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("upstream listening")) {
      process.destroyForcibly();
      throw new IOException("the upstream did not start: " + line);
    }
    return new YogaUpstream(process, port);
  }

  public int port() {
    return port;
  }

  public URI graphqlUrl() {
    return URI.create("http://127.0.0.1:" + port + "/graphql");
  }

  public int requests() {
    return counts().get("requests").asInt();
  }

  public int mutations() {
    return counts().get("mutations").asInt();
  }

  /** How many times {@code addNote(text: text)} ran on the upstream. */
  public int mutationsOf(String text) {
    return counts().path("mutationsByText").path(text).asInt(0);
  }

  public JsonNode lastHeaders() {
    return counts().get("lastHeaders");
  }

  private JsonNode counts() {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/counts"))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      return new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the upstream does not answer its counts", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server; the port then refuses connections. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
