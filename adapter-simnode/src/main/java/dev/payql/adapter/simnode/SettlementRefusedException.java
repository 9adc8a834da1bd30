package dev.payql.adapter.simnode;

import dev.payql.ports.out.node.NodeRejectedException;

/** {@code POST /dev/pay} could not settle the invoice; {@link #reason()} says why, for the HTTP status. */
public class SettlementRefusedException extends NodeRejectedException {

  public enum Reason {
    /** Not a BOLT11 invoice, or its signature does not check out (400). */
    MALFORMED,
    /** This node did not issue it (404). */
    UNKNOWN_INVOICE,
    /** It lapsed unpaid and can no longer be paid (410). */
    EXPIRED
  }

  private final Reason reason;

  public SettlementRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
