package dev.payql.adapter.http.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP side listens, what it accepts and how much free work one client may cause.
 *
 * @param host interface to bind; {@link #LOOPBACK_HOST} by default, {@code 0.0.0.0} for all
 * @param port TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes larger request bodies are refused with 413 {@code payload_too_large}, whatever
 *     their framing, without reading further
 * @param readTimeout a request's head must arrive within this from its first byte, and its body
 *     within this once the head is in; a silent connection is closed after it too (408)
 * @param corsOrigins origins allowed to call the API from a browser; {@code ["*"]} allows any
 * @param limits what one client may ask for without paying
 * @param proxies which proxies' {@code X-Forwarded-For} is believed
 * @param stopTimeout how long stopping waits for the requests in flight to finish, after the
 *     listening socket is closed; what still runs then is cut off
 */
public record HttpSettings(String host, int port, int maxBodyBytes, Duration readTimeout, List<String> corsOrigins,
    ClientLimits limits, TrustedProxies proxies, Duration stopTimeout) {

  /** Loopback only: the safe default (docs/adr/0022-safe-defaults.md). */
  public static final String LOOPBACK_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
  public static final List<String> ANY_ORIGIN = List.of("*");
  /** Longer than the default execution timeout (10 s), so a paid request running at a stop finishes. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(15);

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("a port is 0..65535: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
    }
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (readTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("the read timeout must be at least 1 ms: " + readTimeout);
    }
    corsOrigins = List.copyOf(corsOrigins);
    if (corsOrigins.isEmpty()) {
      throw new IllegalArgumentException("name at least one CORS origin, or * for any");
    }
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(proxies, "proxies");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (stopTimeout.isNegative()) {
      throw new IllegalArgumentException("the stop timeout cannot be negative: " + stopTimeout);
    }
  }

  public static HttpSettings defaults() {
    return new HttpSettings(LOOPBACK_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_READ_TIMEOUT, ANY_ORIGIN,
        ClientLimits.defaults(), TrustedProxies.none(), DEFAULT_STOP_TIMEOUT);
  }

  public HttpSettings withPort(int newPort) {
    return new HttpSettings(host, newPort, maxBodyBytes, readTimeout, corsOrigins, limits, proxies, stopTimeout);
  }

  public HttpSettings withMaxBodyBytes(int bytes) {
    return new HttpSettings(host, port, bytes, readTimeout, corsOrigins, limits, proxies, stopTimeout);
  }

  public HttpSettings withReadTimeout(Duration timeout) {
    return new HttpSettings(host, port, maxBodyBytes, timeout, corsOrigins, limits, proxies, stopTimeout);
  }

  public HttpSettings withCorsOrigins(List<String> origins) {
    return new HttpSettings(host, port, maxBodyBytes, readTimeout, origins, limits, proxies, stopTimeout);
  }

  public HttpSettings withLimits(ClientLimits newLimits) {
    return new HttpSettings(host, port, maxBodyBytes, readTimeout, corsOrigins, newLimits, proxies, stopTimeout);
  }

  public HttpSettings withInvoiceRequestsPerMinute(int perMinute) {
    return withLimits(limits.withInvoicesPerMinute(perMinute));
  }

  public HttpSettings withProxies(TrustedProxies newProxies) {
    return new HttpSettings(host, port, maxBodyBytes, readTimeout, corsOrigins, limits, newProxies, stopTimeout);
  }

  public HttpSettings withStopTimeout(Duration timeout) {
    return new HttpSettings(host, port, maxBodyBytes, readTimeout, corsOrigins, limits, proxies, timeout);
  }

  boolean anyOrigin() {
    return corsOrigins.contains("*");
  }
}
