package dev.payql.adapter.http.web;

import dev.payql.domain.purchase.PaymentProof;
import java.util.List;
import java.util.Objects;

/** What a {@code /graphql} request presents, once its scheme's grammar and signatures are checked. */
sealed interface PresentedCredential {

  /** Nothing: a free request runs, any other is offered for sale. */
  record None() implements PresentedCredential {}

  /** PayQL's own one-time key, {@code Authorization: Bearer}. */
  record OneTimeKey(String key) implements PresentedCredential {}

  /**
   * A genuine credential of a standard scheme, naming its purchase by a proof of payment; the
   * {@code receipt} fields go with a successful answer.
   */
  record Paid(String scheme, PaymentProof proof, List<HeaderField> receipt) implements PresentedCredential {
    public Paid {
      Objects.requireNonNull(scheme, "scheme");
      Objects.requireNonNull(proof, "proof");
      receipt = List.copyOf(receipt);
    }
  }

  /**
   * A genuine credential that cannot buy this request, for a reason a new purchase cures: its own
   * expiry passed ({@code credential_expired}), or it was made for another body
   * ({@code request_mismatch}). The client is offered this request again.
   */
  record Outlived(String scheme, String code, String detail) implements PresentedCredential {}
}
