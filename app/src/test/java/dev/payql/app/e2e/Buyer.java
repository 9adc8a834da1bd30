package dev.payql.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A client of PayQL's HTTP contract, as a buyer with curl would be. */
public final class Buyer {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  Buyer(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static String body(String query) {
    return json(Map.of("query", query));
  }

  public static String body(String query, Map<String, Object> variables) {
    return json(Map.of("query", query, "variables", variables));
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request.build());
  }

  public HttpResponse<String> get(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(90)).GET();
    headers.forEach(request::header);
    return send(request.build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** POST /api/invoice; fails the test unless it answers 200. */
  public JsonNode invoice(String body) {
    HttpResponse<String> response = post("/api/invoice", body, Map.of());
    if (response.statusCode() != 200) {
      throw new AssertionError("invoice refused: " + response.statusCode() + " " + response.body());
    }
    return parse(response);
  }

  /** POST /dev/pay, the simulated node's wallet; returns the preimage it paid with, as a wallet does. */
  public String pay(JsonNode invoice) {
    HttpResponse<String> response = post("/dev/pay",
        json(Map.of("paymentRequest", invoice.get("paymentRequest").asText())), Map.of());
    if (response.statusCode() != 200) {
      throw new AssertionError("payment refused: " + response.statusCode() + " " + response.body());
    }
    return parse(response).get("preimage").asText();
  }

  public HttpResponse<String> graphql(String key, String body) {
    return post("/graphql", body, Map.of("Authorization", "Bearer " + key));
  }

  /** Buys, pays and runs {@code body}; returns the /graphql answer. */
  public HttpResponse<String> buyPayRun(String body) {
    JsonNode invoice = invoice(body);
    pay(invoice);
    return graphql(invoice.get("apikey").asText(), body);
  }
}
