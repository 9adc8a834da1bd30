package dev.payql.adapter.http.web;

import java.util.List;
import java.util.Objects;

/**
 * How the HTTP side listens and what it accepts.
 *
 * @param host interface to bind, {@code 0.0.0.0} for all
 * @param port TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes larger request bodies are refused with 413 {@code payload_too_large}
 * @param corsOrigins origins allowed to call the API from a browser; {@code ["*"]} allows any
 * @param invoiceRequestsPerMinute invoices one client address may ask for per minute (a token
 *     bucket of that size, refilled evenly); 0 switches the limit off
 * @param trustForwardedFor take the client address from the first {@code X-Forwarded-For} entry;
 *     only behind a proxy that sets it, or anyone can claim any address
 */
public record HttpSettings(String host, int port, int maxBodyBytes, List<String> corsOrigins,
    int invoiceRequestsPerMinute, boolean trustForwardedFor) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  public static final List<String> ANY_ORIGIN = List.of("*");
  public static final int DEFAULT_INVOICE_REQUESTS_PER_MINUTE = 60;
  static final int MAX_INVOICE_REQUESTS_PER_MINUTE = 1_000_000;

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("a port is 0..65535: " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1: " + maxBodyBytes);
    }
    corsOrigins = List.copyOf(corsOrigins);
    if (invoiceRequestsPerMinute < 0 || invoiceRequestsPerMinute > MAX_INVOICE_REQUESTS_PER_MINUTE) {
      throw new IllegalArgumentException("invoiceRequestsPerMinute is 0 (off) to " + MAX_INVOICE_REQUESTS_PER_MINUTE
          + ": " + invoiceRequestsPerMinute);
    }
  }

  public static HttpSettings defaults() {
    return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, ANY_ORIGIN,
        DEFAULT_INVOICE_REQUESTS_PER_MINUTE, false);
  }

  public HttpSettings withPort(int newPort) {
    return new HttpSettings(host, newPort, maxBodyBytes, corsOrigins, invoiceRequestsPerMinute, trustForwardedFor);
  }

  public HttpSettings withMaxBodyBytes(int bytes) {
    return new HttpSettings(host, port, bytes, corsOrigins, invoiceRequestsPerMinute, trustForwardedFor);
  }

  public HttpSettings withCorsOrigins(List<String> origins) {
    return new HttpSettings(host, port, maxBodyBytes, origins, invoiceRequestsPerMinute, trustForwardedFor);
  }

  public HttpSettings withInvoiceRequestsPerMinute(int perMinute) {
    return new HttpSettings(host, port, maxBodyBytes, corsOrigins, perMinute, trustForwardedFor);
  }

  public HttpSettings withTrustForwardedFor(boolean trust) {
    return new HttpSettings(host, port, maxBodyBytes, corsOrigins, invoiceRequestsPerMinute, trust);
  }

  boolean anyOrigin() {
    return corsOrigins.contains("*");
  }
}
