package dev.payql.adapter.http.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9457 problem with PayQL's extra member {@code code} (DESIGN.md 1.4). {@code type} is
 * {@code urn:payql:problem:<code>}: absolute and stable, without promising a page to read.
 */
record Problem(int status, String code, String title, String detail, Map<String, Object> extensions,
    Optional<Duration> retryAfter, boolean closesConnection, List<HeaderField> headers) {

  static final String CONTENT_TYPE = "application/problem+json";

  Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
    extensions = Map.copyOf(extensions);
    Objects.requireNonNull(retryAfter, "retryAfter");
    headers = List.copyOf(headers);
  }

  static Problem of(int status, String code, String title, String detail) {
    return new Problem(status, code, title, detail, Map.of(), Optional.empty(), false, List.of());
  }

  Problem with(String member, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(member, value);
    return new Problem(status, code, title, detail, more, retryAfter, closesConnection, headers);
  }

  Problem retryAfter(Duration after) {
    return new Problem(status, code, title, detail, extensions, Optional.of(after), closesConnection, headers);
  }

  /**
   * Answered with {@code Connection: close}: the request's body was left unread, and reading the
   * rest of it just to keep the connection would be the work the refusal avoids.
   */
  Problem closing() {
    return new Problem(status, code, title, detail, extensions, retryAfter, true, headers);
  }

  /** Answered with these header fields too, in this order (a field may repeat: WWW-Authenticate does). */
  Problem withHeaders(List<HeaderField> more) {
    List<HeaderField> all = new ArrayList<>(headers);
    all.addAll(more);
    return new Problem(status, code, title, detail, extensions, retryAfter, closesConnection, all);
  }

  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:payql:problem:" + code);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    body.putAll(extensions);
    return body;
  }
}
