package dev.payql.adapter.lnd;

import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns LND's gRPC failures into the port's two kinds: transient ({@link NodeUnavailableException},
 * answered with 503) and refusals ({@link NodeRejectedException}).
 *
 * <p>LND returns most of its own errors as plain Go errors, which gRPC-Go sends as status UNKNOWN
 * with the error text; that includes macaroon failures ("verification failed: signature mismatch
 * after caveat verification", "expected 1 macaroon, got 0") and a wallet that is still locked. So
 * besides the status code the description is read too.
 */
final class LndErrors {

  /** LND's text when an invoice with this payment hash exists (invoices.ErrDuplicateInvoice). */
  static final String DUPLICATE_INVOICE = "invoice with payment hash already exists";

  private final LndConfig config;

  LndErrors(LndConfig config) {
    this.config = config;
  }

  RuntimeException translate(String what, StatusRuntimeException e) {
    Status status = e.getStatus();
    String description = status.getDescription() == null ? "" : status.getDescription();
    String lower = description.toLowerCase(Locale.ROOT);
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> new NodeUnavailableException(
          "LND at " + config.address() + " did not answer " + what + " in time", e);
      case UNAVAILABLE, CANCELLED, ABORTED -> {
        if (isTlsMismatch(e)) {
          yield new NodeUnavailableException("LND at " + config.address() + ": the TLS certificate does not match "
              + config.tlsCertPath() + " (the node renewed its tls.cert, or the certificate does not name this host)",
              e);
        }
        yield new NodeUnavailableException("LND at " + config.address() + " is unreachable (" + what + "): "
            + describe(status), e);
      }
      case UNAUTHENTICATED, PERMISSION_DENIED -> macaroonRefused(what, description, e);
      default -> {
        if (isMacaroonProblem(lower)) {
          yield macaroonRefused(what, description, e);
        }
        if (lower.contains("wallet locked") || lower.contains("waiting to start")
            || lower.contains("in the process of starting")) {
          yield new NodeUnavailableException("LND at " + config.address() + " is not ready (" + what + "): "
              + description, e);
        }
        yield new NodeRejectedException("LND refused " + what + ": " + describe(status), e);
      }
    };
  }

  private NodeRejectedException macaroonRefused(String what, String description, StatusRuntimeException e) {
    return new NodeRejectedException("LND refused the macaroon " + config.macaroonPath() + " for " + what
        + " (wrong node, revoked, or missing the permission; see docs/backends/lnd.md): " + description, e);
  }

  private static boolean isMacaroonProblem(String lower) {
    return lower.contains("macaroon") || lower.contains("verification failed")
        || lower.contains("permission denied");
  }

  /** A TLS handshake failure reaches us as UNAVAILABLE whose cause chain holds the SSL error. */
  private static boolean isTlsMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t instanceof GeneralSecurityException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Status status) {
    return status.getDescription() == null ? status.getCode().name() : status.getDescription();
  }
}
