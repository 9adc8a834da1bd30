package dev.payql.api.upstream;

import dev.payql.ports.out.query.ForwardedHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Objects;

/**
 * POSTs GraphQL envelopes to the upstream with the operator's headers, under the deadline and the
 * response size limit of {@link UpstreamSettings}. Of the buyer's headers only those on the
 * operator's allow-list travel ({@link UpstreamSettings#forwardHeaders}); everything else is built here.
 */
final class Upstream {

  /** An answer read whole: its status and body. */
  record Answer(int status, byte[] body) {}

  private final UpstreamSettings settings;
  private final HttpClient client;

  Upstream(UpstreamSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = HttpClient.newBuilder()
        .version(versionFor(settings))
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * HTTP/1.1 to a cleartext upstream: the JDK's client would otherwise send every forward with
   * {@code Upgrade: h2c} and {@code HTTP2-Settings}, headers the operator never configured and that
   * some servers and proxies refuse. Over TLS, HTTP/2 is negotiated (ALPN) or not, with no such headers.
   */
  private static HttpClient.Version versionFor(UpstreamSettings settings) {
    return "http".equalsIgnoreCase(settings.url().getScheme()) ? HttpClient.Version.HTTP_1_1
        : HttpClient.Version.HTTP_2;
  }

  /**
   * @throws UpstreamUnavailableException when the upstream cannot be reached, runs past the deadline
   *     or answers more than the size limit
   */
  Answer post(byte[] envelope) {
    return post(envelope, ForwardedHeaders.none());
  }

  /** As {@link #post(byte[])}, with the buyer's headers of the allow-list (and no other) beside the operator's. */
  Answer post(byte[] envelope, ForwardedHeaders buyerHeaders) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/graphql-response+json, application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(envelope));
    buyerHeaders.values().forEach((name, values) -> {
      // the allow-list is checked again here, so no caller can make PayQL forward another header
      if (settings.forwardHeaders().contains(name)) {
        values.forEach(value -> request.header(name, value));
      }
    });
    settings.headers().forEach(request::header);
    try {
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        return new Answer(response.statusCode(), readBounded(body));
      }
    } catch (HttpConnectTimeoutException | ConnectException e) {
      // no connection, so nothing was sent: the only failure after which a mutation may be sent again
      throw new UpstreamUnavailableException("the upstream could not be reached: " + e.getClass().getSimpleName(), e);
    } catch (HttpTimeoutException e) {
      throw new UpstreamUnavailableException("the upstream did not answer within " + settings.timeout().toMillis()
          + " ms", e, true);
    } catch (IOException e) {
      throw new UpstreamUnavailableException("the connection to the upstream broke after the request may have "
          + "reached it: " + e.getClass().getSimpleName(), e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamUnavailableException("interrupted while waiting for the upstream", e, true);
    }
  }

  private byte[] readBounded(InputStream body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = body.read(buffer)) > 0; ) {
      total += n;
      if (total > settings.maxResponseBytes()) {
        throw new UpstreamUnavailableException("the upstream answered more than " + settings.maxResponseBytes()
            + " bytes", null, true);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
