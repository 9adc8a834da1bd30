package dev.payql.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A buyer's view of one PayQL process over loopback HTTP: buy, pay through {@code /dev/pay}, run.
 * A request to a killed process ends in an {@link IOException}: the answer never came.
 */
final class Shop {

  static final ObjectMapper JSON = new ObjectMapper();
  /** A guard against a hung request, far above any answer on a loaded machine; not a measure. */
  private static final Duration REQUEST_GUARD = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String baseUrl;
  private final Tally tally;

  Shop(HttpClient http, String baseUrl, Tally tally) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.tally = tally;
  }

  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** One HTTP answer. */
  record Answer(int status, byte[] body, Map<String, java.util.List<String>> headers) {

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return JSON.missingNode();
      }
    }

    /** The problem's {@code code}, or "" when the body is no problem document. */
    String code() {
      return json().path("code").asText("");
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }
  }

  Answer buy(String graphqlBody) throws IOException {
    return post("/api/invoice", graphqlBody, null);
  }

  Answer pay(String paymentRequest) throws IOException {
    return post("/dev/pay", JSON.createObjectNode().put("paymentRequest", paymentRequest).toString(), null);
  }

  Answer run(String graphqlBody, String apikey) throws IOException {
    return post("/graphql", graphqlBody, apikey);
  }

  Answer status(String apikey) throws IOException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/invoice/status")).timeout(REQUEST_GUARD)
        .header("Authorization", "Bearer " + apikey).GET().build());
  }

  private Answer post(String path, String body, String apikey) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(REQUEST_GUARD)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apikey != null) {
      request.header("Authorization", "Bearer " + apikey);
    }
    return send(request.build());
  }

  private Answer send(HttpRequest request) throws IOException {
    tally.requestSent();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Answer answer = new Answer(response.statusCode(), response.body(), response.headers().map());
      tally.answered(request.uri().getPath(), answer);
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
