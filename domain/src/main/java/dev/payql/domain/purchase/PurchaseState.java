package dev.payql.domain.purchase;

/**
 * Where a purchase is in its life (DESIGN.md section 2):
 * <pre>
 * AWAITING_PAYMENT ─paid→ PAID ─claim→ EXECUTING ─done→ SPENT
 *        │                  │              │  ↑
 *        └─lapsed→ EXPIRED ←┘(key lifetime)└─error→ FAILED ─refund→ REFUNDING ─paid→ REFUNDED
 *                     ↑                           │  └─retry (claim)─┘   │
 *                     │                           └──── payment failed ──┘
 *                     └──── (key lifetime) FAILED, OUTCOME_UNKNOWN, or EXECUTING with a lapsed lease
 *
 * sold at most once (a mutation, ADR 0033):
 * EXECUTING ─interrupted (timeout, answer cut off) or lease lapsed→ OUTCOME_UNKNOWN ─refund→ REFUNDING
 *                                                                        ↑   payment failed  │
 *                                                                        └───────────────────┘
 * </pre>
 * An EXECUTING purchase whose lease has lapsed may be claimed again: its executor died; unless it
 * is sold at most once, when it counts as OUTCOME_UNKNOWN (the request may have been sent). A
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
  /**
   * Sold at most once, and the execution may have reached the API being sold (it timed out, its
   * answer was cut off, or its executor died): never executed again, refundable like FAILED.
   */
  OUTCOME_UNKNOWN,
  REFUNDING,
  REFUNDED,
  EXPIRED;

  /**
   * States a purchase never leaves (SPENT only forgets its answer). OUTCOME_UNKNOWN never executes
   * again but is not final: it is refunded, or expires with its key.
   */
  public boolean isFinal() {
    return this == SPENT || this == REFUNDED || this == EXPIRED;
  }
}
