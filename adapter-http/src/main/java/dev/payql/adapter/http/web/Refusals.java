package dev.payql.adapter.http.web;

import dev.payql.domain.redemption.RefusalReason;
import java.time.Duration;

/** Why a key may not be used, as HTTP (DESIGN.md table 1.4): one place for every refusal's status and code. */
final class Refusals {

  /** RFC 6750 section 3: a 401 names the scheme the client should use. */
  static final String BEARER_CHALLENGE = "Bearer realm=\"payql\", error=\"invalid_token\"";

  private Refusals() {}

  static Problem problem(RefusalReason reason) {
    return switch (reason) {
      case INVALID_API_KEY -> Problem.of(401, "invalid_api_key", "Invalid API key",
          "an API key is 64 hex characters, sent as Authorization: Bearer <apikey>");
      case UNKNOWN_API_KEY -> Problem.of(401, "unknown_api_key", "Unknown API key",
          "no purchase has this key; POST the request to /api/invoice to buy one");
      case UNKNOWN_PAYMENT -> Problem.of(401, "unknown_payment", "Unknown payment",
          "no purchase was paid with this proof; a preimage of another payment or a made-up one proves nothing");
      case PAYMENT_PENDING -> Problem.of(402, "payment_pending", "Payment pending",
          "the invoice of this key is not paid yet; pay paymentRequest, then send the request again");
      case INVOICE_EXPIRED -> Problem.of(402, "invoice_expired", "Invoice expired",
          "the invoice of this key lapsed unpaid; POST the request to /api/invoice for a new one");
      case REQUEST_MISMATCH -> Problem.of(409, "request_mismatch", "Request mismatch",
          "this key paid for a different request body; send exactly the body that was invoiced");
      case KEY_SPENT -> Problem.of(410, "key_spent", "Key spent",
          "this key has run its request already; buy a new one at /api/invoice");
      case REDEMPTION_IN_PROGRESS -> Problem.of(409, "redemption_in_progress", "Redemption in progress",
          "a request with this key is executing right now; retry after Retry-After seconds")
          .retryAfter(Duration.ofSeconds(1));
      case KEY_EXPIRED -> Problem.of(410, "key_expired", "Key expired",
          "this key was paid but not used within its lifetime");
      case OUTCOME_UNKNOWN -> Problem.of(409, "outcome_unknown", "Outcome unknown",
          "this request is a mutation, sold at most once, and its execution may have reached the API (it timed"
              + " out, its answer was cut off, or PayQL stopped mid-way): it is never sent again. It may be"
              + " refunded: POST /api/refund with this key and an invoice of your own");
      case REFUND_IN_PROGRESS -> Problem.of(409, "refund_in_progress", "Refund in progress",
          "a refund of this key is being paid; the key runs again only if the refund fails");
      case KEY_REFUNDED -> Problem.of(410, "key_refunded", "Key refunded",
          "the failed request of this key was refunded; the key can no longer run");
    };
  }
}
