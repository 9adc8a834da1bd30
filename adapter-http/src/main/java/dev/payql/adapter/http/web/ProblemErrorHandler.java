package dev.payql.adapter.http.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Jetty answers by itself, before or around Javalin (a head that does not parse, one too
 * large, a deadline missed, an error thrown past every handler), as problem JSON with a
 * {@code code} instead of Jetty's HTML page. Registered on the server (parser errors) and on the
 * servlet context (errors inside it).
 */
final class ProblemErrorHandler extends ErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

  ProblemErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  /** Every method gets its problem body; Jetty's default writes one only for GET, POST and HEAD. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  /** The parser refused the head: no request exists yet, only these header fields and a body. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    Problem problem = ProtocolProblems.of(status, reason);
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    fields.put(new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString()));
    return ByteBuffer.wrap(JsonBodies.write(problem.body()));
  }

  /** An error inside the servlet context that no Javalin handler answered. */
  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    if (code >= 500) {
      LOG.error("Jetty answered {} {} with {}: {}", request.getMethod(), request.getRequestURI(), code, message);
    }
    // the message may quote internals for 5xx; 4xx reasons are Jetty's fixed texts
    Problem problem = ProtocolProblems.of(code, code >= 500 ? null : message);
    byte[] body = JsonBodies.write(problem.body());
    response.setContentType(Problem.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }
}
