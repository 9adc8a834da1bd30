package dev.payql.adapter.http.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Objects;

/**
 * PayQL's HTTP contract served by a host's own servlet container (ADR 0039), under whatever the
 * host maps it to: {@code /pay/*} serves {@code /pay/graphql}, {@code /pay/api/invoice}, the page
 * at {@code /pay/}, and so on.
 *
 * <p>Javalin routes on the request path minus the context path, so under a path mapping the
 * mount point is presented to it as part of the context path. {@code /pay} itself is redirected
 * to {@code /pay/}, where the page's relative links resolve under the mount point.
 *
 * <p>The host's container owns the connection: its own read timeouts, request-head limits and
 * error pages apply, not the ones PayQL sets on its own Jetty. PayQL's handlers block (they run on
 * virtual threads when PayQL owns the server), so the host's request threads are held by long
 * polls ({@code /api/invoice/status?wait=}) while they wait.
 */
final class MountedServlet extends HttpServlet {

  /** Servlet 5 names no constant for it; 308 keeps the method and body of a POST to the bare mount point. */
  private static final int PERMANENT_REDIRECT = 308;

  private final transient Servlet javalin;

  MountedServlet(Servlet javalin) {
    this.javalin = Objects.requireNonNull(javalin, "javalin");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping == null || mapping.getMappingMatch() != MappingMatch.PATH) {
      // mapped to the context root or as the default servlet: the context path already is the mount point
      javalin.service(request, response);
      return;
    }
    String mountPoint = request.getContextPath() + request.getServletPath();
    if (request.getPathInfo() == null) {
      String query = request.getQueryString();
      response.setStatus(PERMANENT_REDIRECT);
      response.setHeader("Location", mountPoint + "/" + (query == null ? "" : "?" + query));
      return;
    }
    javalin.service(new HttpServletRequestWrapper(request) {
      @Override
      public String getContextPath() {
        return mountPoint;
      }

      @Override
      public String getServletPath() {
        return "";
      }
    }, response);
  }

  @Override
  public String getServletInfo() {
    return "PayQL";
  }
}
