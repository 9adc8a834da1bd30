package dev.payql.adapter.http.web;

/**
 * Problems for what is wrong below PayQL's routes: framing, head size, version, deadlines, a path
 * no route has. One table, so Jetty's own refusals and PayQL's read the same way (docs/api.md
 * "Protocol errors").
 */
final class ProtocolProblems {

  /** Marks a 505 that {@link DeadlineConnectionFactory} turned into a 400. */
  static final String VERSION_REASON_PREFIX = "unsupported HTTP version: ";

  /** Jetty's reasons are its own fixed texts; kept short and printable all the same. */
  private static final int MAX_REASON = 120;

  private ProtocolProblems() {}

  /**
   * @param reason Jetty's reason, shown for 4xx (it names the broken part, never echoes a value);
   *     null for none
   */
  static Problem of(int status, String reason) {
    String why = reason == null ? "" : ": " + printable(reason);
    return switch (status) {
      case 400 -> reason != null && reason.startsWith(VERSION_REASON_PREFIX)
          ? Problem.of(400, "http_version_not_supported", "HTTP version not supported",
              "PayQL speaks HTTP/1.0 and HTTP/1.1; " + printable(reason))
          : Problem.of(400, "malformed_request", "Malformed request",
              "the request is not valid HTTP/1.1" + why);
      case 404 -> Problem.of(404, "not_found", "Not found", "no such resource");
      case 405 -> Problem.of(405, "method_not_allowed", "Method not allowed",
          "this resource does not answer to this method");
      case 408 -> Problem.of(408, "request_timeout", "Request timeout",
          "the request did not arrive in time" + why);
      case 411 -> Problem.of(411, "length_required", "Length required", "send Content-Length or a chunked body");
      case 413 -> Problem.of(413, "payload_too_large", "Payload too large", "the request is too large" + why);
      case 414 -> Problem.of(414, "uri_too_long", "URI too long", "the request target is too long");
      case 415 -> Problem.of(415, "unsupported_media_type", "Unsupported media type",
          "send the body as Content-Type: application/json");
      case 417 -> Problem.of(417, "expectation_failed", "Expectation failed", "only Expect: 100-continue is understood");
      case 426 -> Problem.of(426, "upgrade_required", "Upgrade required", "this upgrade is not supported");
      case 431 -> Problem.of(431, "headers_too_large", "Request header fields too large",
          "the request head is larger than PayQL accepts");
      case 503 -> Problem.of(503, "unavailable", "Service unavailable", "PayQL is starting or stopping; retry later");
      default -> status >= 500
          ? Problem.of(status, "internal_error", "Internal error",
              "the server failed to answer this request; it has been logged")
          : Problem.of(status, "http_" + status, "HTTP " + status, "the request could not be answered" + why);
    };
  }

  private static String printable(String reason) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < reason.length() && out.length() < MAX_REASON; i++) {
      char c = reason.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
