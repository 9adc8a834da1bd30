package dev.payql.adapter.lnd;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.payql.domain.lightning.Invoice;
import dev.payql.domain.lightning.InvoiceState;
import dev.payql.domain.money.Msat;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lightningj.lnd.proto.LightningApi;

class LndInvoicesTest {

  private static final byte[] HASH = new byte[32];

  private static LightningApi.Invoice.Builder invoice() {
    return LightningApi.Invoice.newBuilder()
        .setRHash(ByteString.copyFrom(HASH))
        .setPaymentRequest("lnbcrt210000p1qqqsyqcyq5rqwzqf")
        .setValue(21)
        .setValueMsat(21_001)
        .setCreationDate(1_700_000_000)
        .setExpiry(900);
  }

  @Test
  void amountsComeFromTheMsatFieldNotTheRoundedSatField() {
    assertThat(LndInvoices.toDomain(invoice().build()).amount()).isEqualTo(Msat.of(21_001));
  }

  @Test
  void expiryIsSecondsAfterCreation() {
    Invoice mapped = LndInvoices.toDomain(invoice().build());

    assertThat(mapped.createdAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(mapped.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_900));
  }

  @Test
  void aSettledInvoiceCarriesItsSettleDate() {
    Invoice mapped = LndInvoices.toDomain(invoice()
        .setState(LightningApi.Invoice.InvoiceState.SETTLED).setSettleDate(1_700_000_100).setSettleIndex(3).build());

    assertThat(mapped.state()).isEqualTo(InvoiceState.SETTLED);
    assertThat(mapped.settledAt()).contains(Instant.ofEpochSecond(1_700_000_100));
  }

  @Test
  void anAcceptedHoldInvoiceIsNotPaidYetSoItReadsOpen() {
    assertThat(LndInvoices.state(LightningApi.Invoice.InvoiceState.ACCEPTED)).isEqualTo(InvoiceState.OPEN);
    assertThat(LndInvoices.toDomain(invoice().setState(LightningApi.Invoice.InvoiceState.ACCEPTED).build()).settledAt())
        .isEmpty();
  }

  @Test
  void openAndCanceledKeepTheirMeaning() {
    assertThat(LndInvoices.state(LightningApi.Invoice.InvoiceState.OPEN)).isEqualTo(InvoiceState.OPEN);
    assertThat(LndInvoices.state(LightningApi.Invoice.InvoiceState.CANCELED)).isEqualTo(InvoiceState.CANCELED);
  }
}
