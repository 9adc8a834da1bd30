package dev.payql.adapter.http.web;

import io.javalin.http.Context;

/** Who is asking, for the rate limit: the peer address, or the proxy's word for it when trusted. */
final class ClientAddress {

  private final boolean trustForwardedFor;

  ClientAddress(boolean trustForwardedFor) {
    this.trustForwardedFor = trustForwardedFor;
  }

  String of(Context ctx) {
    if (trustForwardedFor) {
      String forwarded = ctx.header("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        // the left-most entry is the original client (RFC 7239 section 5.2 keeps the same order)
        int comma = forwarded.indexOf(',');
        return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
      }
    }
    return ctx.req().getRemoteAddr();
  }
}
