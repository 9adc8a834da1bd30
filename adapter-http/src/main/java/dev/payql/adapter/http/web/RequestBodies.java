package dev.payql.adapter.http.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.NanoTime;

/**
 * Reads a POST body within its limits, whatever its framing: JSON only (415, RFC 9110 section
 * 15.5.16), at most {@code maxBodyBytes} (413 as soon as a declared or counted length passes it,
 * without reading further), and in full before the read deadline that started with the request's
 * first byte (408). The answer to an unread or half-read body closes the connection, so Jetty never
 * drains the rest of it.
 */
final class RequestBodies {

  private static final int READ_CHUNK = 8 * 1024;

  private final int maxBodyBytes;
  private final Duration readTimeout;

  RequestBodies(int maxBodyBytes, Duration readTimeout) {
    this.maxBodyBytes = maxBodyBytes;
    this.readTimeout = readTimeout;
  }

  byte[] json(Context ctx) {
    String contentType = ctx.header("Content-Type");
    if (contentType == null || !mediaType(contentType).equals("application/json")) {
      throw new ProblemException(Problem.of(415, "unsupported_media_type", "Unsupported media type",
          "send the body as Content-Type: application/json").closing());
    }
    // the long form: a Content-Length above 2^31-1 is -1 in the int one
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    try {
      return read(ctx.req().getInputStream(), deadline(ctx));
    } catch (IOException e) {
      throw unreadable(e);
    } catch (BadMessageException e) {
      // Jetty's own refusal of the body's framing (a bad chunk size) or of its pace
      throw e.getCode() == 408 ? timedOut() : new ProblemException(ProtocolProblems.of(e.getCode(), e.getReason()).closing());
    }
  }

  private byte[] read(InputStream in, long deadline) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] chunk = new byte[READ_CHUNK];
    while (true) {
      // never more than one byte past the limit: that byte is how a chunked body is known too large
      int n = in.read(chunk, 0, Math.min(chunk.length, maxBodyBytes + 1 - body.size()));
      if (n < 0) {
        return body.toByteArray();
      }
      body.write(chunk, 0, n);
      if (body.size() > maxBodyBytes) {
        throw tooLarge();
      }
      if (NanoTime.until(deadline) < 0) {
        throw timedOut();
      }
    }
  }

  /** From the request's first byte, as the head's share of the deadline is (DeadlineConnectionFactory). */
  private long deadline(Context ctx) {
    Request request = Request.getBaseRequest(ctx.req());
    long begin = request == null || request.getBeginNanoTime() == Long.MIN_VALUE
        ? NanoTime.now() : request.getBeginNanoTime();
    return begin + readTimeout.toNanos();
  }

  private ProblemException unreadable(IOException e) {
    // Jetty reports a silent client as an IOException caused by a TimeoutException (idle timeout),
    // and a slow one as its 408 BadMessageException; anything else is a body that stopped short
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return timedOut();
      }
    }
    return new ProblemException(Problem.of(400, "incomplete_body", "Incomplete body",
        "the connection ended before the body its framing announced").closing());
  }

  ProblemException tooLarge() {
    return new ProblemException(Problem.of(413, "payload_too_large", "Payload too large",
        "the body is larger than " + maxBodyBytes + " bytes").with("limit", maxBodyBytes).closing());
  }

  private ProblemException timedOut() {
    return new ProblemException(Problem.of(408, "request_timeout", "Request timeout",
        "the body did not arrive within " + readTimeout.toSeconds() + " s of the request's start").closing());
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
