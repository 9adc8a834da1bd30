package dev.payql.domain.purchase;

import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.lightning.Preimage;
import java.util.Objects;

/**
 * How a client of a standard payment scheme says which purchase it paid for, instead of a one-time
 * key. Both name the purchase by its payment hash; they differ in what proves the payment.
 */
public sealed interface PaymentProof {

  /** The purchase this proof is about. */
  PaymentHash paymentHash();

  /**
   * The preimage the payer's wallet got when the payment settled (L402, the Payment scheme): it is
   * the proof, since only a settled payment reveals it. Its SHA-256 names the purchase.
   */
  record PaidPreimage(Preimage preimage) implements PaymentProof {
    public PaidPreimage {
      Objects.requireNonNull(preimage, "preimage");
    }

    @Override
    public PaymentHash paymentHash() {
      return preimage.paymentHash();
    }
  }

  /**
   * An invoice PayQL issued, named by its payment hash, whose settlement PayQL's own node is asked
   * about (x402 over Lightning carries no preimage). The scheme's adapter checks first that PayQL
   * issued it; the node's record of the payment is the proof.
   */
  record IssuedInvoice(PaymentHash paymentHash) implements PaymentProof {
    public IssuedInvoice {
      Objects.requireNonNull(paymentHash, "paymentHash");
    }
  }
}
