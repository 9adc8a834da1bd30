package dev.payql.adapter.http.web;

/**
 * Settles an invoice without a wallet: the simulated node's {@code POST /dev/pay} (DESIGN.md 1.6).
 * Served only when the application provides one, so a real node never exposes the route.
 */
@FunctionalInterface
public interface DevPayments {

  /**
   * Settles the invoice and returns its preimage as 64 hex characters.
   *
   * @throws Refused when the text is not an open invoice of this node; its message is shown to the client
   */
  String settle(String paymentRequest) throws Refused;

  /** The invoice cannot be settled here (unknown, expired, already paid); the message says which. */
  final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }
}
