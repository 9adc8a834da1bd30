package dev.payql.adapter.lnd;

import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.lightning.PaymentHash;
import dev.payql.domain.money.Msat;
import java.time.Instant;
import java.util.Optional;
import org.lightningj.lnd.proto.LightningApi;

/** Reads LND's {@code lnrpc.Invoice} as the domain's {@link Invoice}. */
final class LndInvoices {

  private LndInvoices() {}

  static Invoice toDomain(LightningApi.Invoice invoice) {
    // lnrpc.Invoice: creation_date and settle_date are Unix seconds, expiry is seconds after creation
    Instant created = Instant.ofEpochSecond(invoice.getCreationDate());
    Instant expires = created.plusSeconds(Math.max(1, invoice.getExpiry()));
    InvoiceState state = state(invoice.getState());
    Optional<Instant> settledAt = state == InvoiceState.SETTLED
        ? Optional.of(Instant.ofEpochSecond(invoice.getSettleDate()))
        : Optional.empty();
    return new Invoice(
        PaymentHash.of(invoice.getRHash().toByteArray()),
        Bolt11.parse(invoice.getPaymentRequest()),
        Msat.of(invoice.getValueMsat()),
        created,
        expires,
        state,
        settledAt);
  }

  /**
   * ACCEPTED means an HTLC is held for a hold invoice and the preimage not yet released: not paid,
   * so it reads as OPEN. PayQL never issues hold invoices, but a shared node may show one.
   */
  static InvoiceState state(LightningApi.Invoice.InvoiceState state) {
    return switch (state) {
      case SETTLED -> InvoiceState.SETTLED;
      case CANCELED -> InvoiceState.CANCELED;
      case OPEN, ACCEPTED, UNRECOGNIZED -> InvoiceState.OPEN;
    };
  }
}
