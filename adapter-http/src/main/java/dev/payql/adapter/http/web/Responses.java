package dev.payql.adapter.http.web;

import io.javalin.http.Context;
import java.time.Duration;

/** Writing answers: JSON, problems, and the attribute the request log reads the problem code from. */
final class Responses {

  static final String JSON = "application/json";
  static final String CODE_ATTRIBUTE = "payql.problem.code";

  private Responses() {}

  static void json(Context ctx, int status, byte[] body) {
    // answers carry one-time keys and per-buyer state: no cache may keep them
    ctx.header("Cache-Control", "no-store");
    ctx.status(status).contentType(JSON).result(body);
  }

  /** A JSON answer with more header fields (a payment scheme's receipt). */
  static void json(Context ctx, int status, byte[] body, java.util.List<HeaderField> headers) {
    headers.forEach(field -> ctx.res().addHeader(field.name(), field.value()));
    json(ctx, status, body);
  }

  static void json(Context ctx, int status, Object body) {
    json(ctx, status, JsonBodies.write(body));
  }

  static void problem(Context ctx, Problem problem) {
    ctx.attribute(CODE_ATTRIBUTE, problem.code());
    problem.retryAfter().ifPresent(after -> ctx.header("Retry-After", Long.toString(seconds(after))));
    if (problem.status() == 401) {
      ctx.header("WWW-Authenticate", Refusals.BEARER_CHALLENGE);
    }
    problem.headers().forEach(field -> ctx.res().addHeader(field.name(), field.value()));
    ctx.header("Cache-Control", "no-store");
    if (problem.closesConnection()) {
      ctx.header("Connection", "close");
    }
    ctx.status(problem.status()).contentType(Problem.CONTENT_TYPE).result(JsonBodies.write(problem.body()));
  }

  /** Retry-After is whole seconds (RFC 9110 section 10.2.3); never 0, which invites a busy loop. */
  private static long seconds(Duration after) {
    return Math.max(1, (after.toMillis() + 999) / 1000);
  }
}
