package dev.payql.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The load clients' way to PayQL: JSON POSTs to one loopback port over HTTP/1.1 keep-alive
 * connections (plain HTTP would otherwise try an h2c upgrade on each new connection), every
 * request with a deadline.
 */
final class PayqlHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  /** PayQL's mark on a stored answer sent again (DESIGN.md 1.4). */
  static final String REPLAY_HEADER = "PayQL-Replay";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** @param port a port on 127.0.0.1: this client sends nothing anywhere else (PayQL's or the bare server's) */
  PayqlHttp(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** An answer: its status, its body as JSON when it was JSON, and whether PayQL said it replayed a stored answer. */
  record Answer(int status, Optional<JsonNode> json, boolean replayed) {

    /** The problem's {@code code} (RFC 9457 body with PayQL's extra member), or the bare status. */
    String describe() {
      return status + json.map(body -> body.path("code").asText("")).filter(code -> !code.isEmpty())
          .map(code -> " " + code).orElse("");
    }
  }

  Answer post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
  }

  Answer get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), headers);
  }

  /** The body of a GET as text, such as the Prometheus scrape of {@code /metrics}; an IOException unless 200. */
  String text(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  private Answer send(HttpRequest.Builder request, Map<String, String> headers)
      throws IOException, InterruptedException {
    request.timeout(REQUEST_TIMEOUT);
    headers.forEach(request::header);
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    Optional<JsonNode> json;
    try {
      json = Optional.of(JSON.readTree(response.body()));
    } catch (IOException notJson) {
      json = Optional.empty();
    }
    return new Answer(response.statusCode(), json,
        response.headers().firstValue(REPLAY_HEADER).map("true"::equalsIgnoreCase).orElse(false));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not serialisable as JSON: " + value, e);
    }
  }
}
