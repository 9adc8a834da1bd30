package dev.payql.domain.purchase;

/**
 * Where a purchase is in its life (DESIGN.md section 2):
 * <pre>
 * AWAITING_PAYMENT ─paid→ PAID ─claim→ EXECUTING ─done→ SPENT
 *        │                  │              │  ↑
 *        └─lapsed→ EXPIRED ←┘(key lifetime)└─error→ FAILED ─refund→ REFUNDING ─paid→ REFUNDED
 *                     ↑                           │  └─retry (claim)─┘   │
 *                     │                           └──── payment failed ──┘
 *                     └──── (key lifetime) FAILED, or EXECUTING with a lapsed lease
 * </pre>
 * An EXECUTING purchase whose lease has lapsed may be claimed again: its executor died. A
 * REFUNDING purchase waits for the node's outcome of its refund payment, which may take a while
 * to be known (a payment in flight); it neither runs nor refunds again meanwhile, and is never
 * swept. The key lifetime bounds every state that can still lead to an execution
 * ({@link Purchase#hasOutlivedKey}).
 */
public enum PurchaseState {
  AWAITING_PAYMENT,
  PAID,
  EXECUTING,
  SPENT,
  FAILED,
  REFUNDING,
  REFUNDED,
  EXPIRED;

  /** States that can never lead to an execution again. */
  public boolean isFinal() {
    return this == SPENT || this == REFUNDED || this == EXPIRED;
  }
}
