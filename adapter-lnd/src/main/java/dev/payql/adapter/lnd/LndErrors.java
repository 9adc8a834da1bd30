package dev.payql.adapter.lnd;

import dev.payql.ports.out.node.NodeAccessDeniedException;
import dev.payql.ports.out.node.NodeRejectedException;
import dev.payql.ports.out.node.NodeUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns LND's gRPC failures into the port's kinds: transient ({@link NodeUnavailableException},
 * answered with 503), refusals of the request ({@link NodeRejectedException}), and refusals of PayQL
 * itself that only the operator can cure ({@link NodeAccessDeniedException}: a macaroon LND does not
 * accept or that lacks the call's permission, a TLS certificate that is not the node's).
 *
 * <p>LND returns most of its own errors as plain Go errors, which gRPC-Go sends as status UNKNOWN
 * with the error text; that includes macaroon failures ("verification failed: signature mismatch
 * after caveat verification", "expected 1 macaroon, got 0") and a wallet that is still locked. So
 * besides the status code the description is read too.
 */
final class LndErrors {

  /** LND's text when an invoice with this payment hash exists (invoices.ErrDuplicateInvoice). */
  static final String DUPLICATE_INVOICE = "invoice with payment hash already exists";

  /** LND's permission map (rpcserver.go, routerrpc/router_server.go) for the calls PayQL makes. */
  private static final Map<String, String> PERMISSIONS = Map.of(
      "AddInvoice", "invoices:write",
      "LookupInvoice", "invoices:read",
      "SubscribeInvoices", "invoices:read",
      "ListInvoices", "invoices:read",
      "GetInfo", "info:read",
      "DecodePayReq", "offchain:read",
      "SendPaymentV2", "offchain:write",
      "TrackPaymentV2", "offchain:read");

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
          yield new NodeAccessDeniedException("LND at " + config.address() + ": the TLS certificate does not match "
              + config.tlsCertPath() + " (the node renewed its tls.cert, or the certificate does not name this host):"
              + " copy the node's current tls.cert to PAYQL_LND_TLS_CERT, or add this host with tlsextradomain", e);
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

  private NodeAccessDeniedException macaroonRefused(String what, String description, StatusRuntimeException e) {
    String permission = PERMISSIONS.get(what);
    return new NodeAccessDeniedException("LND refused the macaroon " + config.macaroonPath() + " for " + what
        + (permission == null ? "" : ", which needs " + permission)
        + " (wrong node, revoked, or missing the permission): set PAYQL_LND_MACAROON to a macaroon of this node"
        + " baked as docs/backends/lnd.md shows: " + description, e);
  }


  private static boolean isMacaroonProblem(String lower) {
    return lower.contains("macaroon") || lower.contains("verification failed")
        || lower.contains("permission denied");
  }

  /**
   * A certificate that is not the node's reaches us as UNAVAILABLE whose cause chain holds the
   * handshake's certificate error; other TLS trouble (a connection cut mid-handshake) is transient.
   */
  private static boolean isTlsMismatch(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
          || t instanceof GeneralSecurityException) {
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
