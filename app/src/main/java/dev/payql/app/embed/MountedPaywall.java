package dev.payql.app.embed;

import dev.payql.app.PayqlApplication;
import jakarta.servlet.http.HttpServlet;

/**
 * A paywall whose HTTP contract the host's own servlet container serves (Jetty, Tomcat, Spring
 * Boot's): the host maps {@link #servlet()} under a path of its choosing, {@code /pay/*} say, and
 * PayQL answers {@code /pay/graphql}, {@code /pay/api/invoice} and its page at {@code /pay/}.
 * Everything else runs as when PayQL owns the server: the settlement watcher, the sweeper, the
 * metrics at {@code /pay/metrics}.
 *
 * <pre>{@code
 * MountedPaywall paywall = Paywall.selling(schema).dataDirectory(Path.of("payql-data")).startMounted();
 * context.addServlet(new ServletHolder(paywall.servlet()), "/pay/*");
 * }</pre>
 *
 * The host stops its server first, then closes the paywall, which closes the store and the node
 * PayQL opened.
 */
public final class MountedPaywall implements AutoCloseable {

  private final PayqlApplication application;

  MountedPaywall(PayqlApplication application) {
    this.application = application;
  }

  /** PayQL's contract as a servlet; map it with a path mapping ({@code /prefix/*}) or at the root ({@code /*}). */
  public HttpServlet servlet() {
    return application.servlet();
  }

  /** Readiness turns 503, then the store and the node PayQL opened are closed. */
  @Override
  public void close() {
    application.close();
  }
}
