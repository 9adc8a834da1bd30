package dev.payql.adapter.rates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one ticker with the JDK's HttpClient, within one deadline for the whole answer (headers
 * and body: a server that sends headers and then stalls is cut off too), reading at most
 * {@value #MAX_BODY_BYTES} bytes.
 */
final class TickerClient implements AutoCloseable {

  /** A ticker answer is a few hundred bytes; anything much larger is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder()
      // prices stay exact decimals, never doubles
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final HttpClient http;
  private final Duration timeout;

  TickerClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * @throws UnusableTickerException for an error status, an unreadable answer or a timeout; the
   *     message says which, for the operator's log
   */
  TickerReading fetch(TickerSource source, URI baseUrl) {
    URI uri = resolve(baseUrl, source.path());
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("User-Agent", "PayQL exchange-rate poller")
        .GET()
        .build();
    CompletableFuture<byte[]> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> body(source, response));
    byte[] body;
    try {
      body = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new UnusableTickerException("no complete answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new UnusableTickerException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null
          ? wrapped.getCause() : e.getCause();
      if (cause instanceof UnusableTickerException unusable) {
        throw unusable;
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        // the client's own request timeout is the same deadline, and may fire first
        throw new UnusableTickerException("no complete answer within " + timeout.toMillis() + " ms");
      }
      throw new UnusableTickerException("cannot reach " + uri.getHost() + ": " + describe(cause));
    }
    return source.read(parse(body));
  }

  private static byte[] body(TickerSource source, HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new UnusableTickerException("HTTP " + response.statusCode());
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new UnusableTickerException("answer larger than " + MAX_BODY_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new UnusableTickerException("answer cut off: " + describe(e));
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new UnusableTickerException("empty answer");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new UnusableTickerException("answer is not JSON");
    } catch (IOException e) {
      throw new UnusableTickerException("answer is not readable: " + describe(e));
    }
  }

  /** The base URL's own path is kept ({@code https://proxy/kraken} + {@code /0/public/Ticker}). */
  static URI resolve(URI baseUrl, String path) {
    String base = baseUrl.toString();
    return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
