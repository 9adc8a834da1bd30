package dev.payql.adapter.http.page;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;

/**
 * {@code GET /qr.svg?data=<bolt11>}: the invoice's QR code as SVG. Bad input is a 400
 * {@code application/problem+json} with {@code code} {@code invalid_request} (DESIGN.md 1.4's error
 * shape); the client's text is never echoed back.
 */
final class QrCodeEndpoint implements Handler {

  static final String PATH = "/qr.svg";

  @Override
  public void handle(Context ctx) {
    InvoiceQrCode code;
    try {
      code = InvoiceQrCode.of(ctx.queryParam("data"));
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .contentType("application/problem+json")
          .result(problem(e.getMessage()));
      return;
    }
    // the same text always draws the same symbol; invoices are short-lived, so a short cache is enough
    ctx.header("Cache-Control", "private, max-age=3600")
        .header("X-Content-Type-Options", "nosniff")
        .contentType("image/svg+xml; charset=utf-8")
        .result(code.svg());
  }

  private static String problem(String detail) {
    // the detail comes from InvoiceQrCode's own fixed messages: no client text, nothing to escape but quotes
    return "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"code\":\"invalid_request\","
        + "\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }
}
