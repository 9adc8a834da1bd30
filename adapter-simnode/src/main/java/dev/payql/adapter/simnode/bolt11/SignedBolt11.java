package dev.payql.adapter.simnode.bolt11;

import java.util.Objects;

/**
 * A decoded invoice whose signature checked out.
 *
 * @param text the invoice as it was read, in lower case
 * @param payee the signer: the {@code n} field when present, otherwise the key recovered from the signature
 */
public record SignedBolt11(String text, Bolt11Invoice invoice, NodeId payee, RecoverableSignature signature) {

  public SignedBolt11 {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(invoice, "invoice");
    Objects.requireNonNull(payee, "payee");
    Objects.requireNonNull(signature, "signature");
  }
}
