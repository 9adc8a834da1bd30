package dev.payql.adapter.http.web;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Reads a POST body within its limits: JSON only (415 otherwise, RFC 9110 section 15.5.16) and
 * at most {@code maxBodyBytes} (413). Javalin's own {@code maxRequestSize} is set to the same
 * limit; the checks here also cover a body sent without Content-Length.
 */
final class RequestBodies {

  private final int maxBodyBytes;

  RequestBodies(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  byte[] json(Context ctx) {
    String contentType = ctx.header("Content-Type");
    if (contentType == null || !mediaType(contentType).equals("application/json")) {
      throw new ProblemException(Problem.of(415, "unsupported_media_type", "Unsupported media type",
          "send the body as Content-Type: application/json"));
    }
    long declared = ctx.contentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    return body;
  }

  ProblemException tooLarge() {
    return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
        "the body is larger than " + maxBodyBytes + " bytes").with("limit", maxBodyBytes));
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
