package dev.payql.domain.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.payql.domain.money.Msat;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvoiceTest {

  private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant EXPIRES = CREATED.plus(Duration.ofMinutes(10));
  private static final PaymentHash HASH =
      new PaymentHash("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
  private static final Bolt11 REQUEST = new Bolt11(Bolt11Test.REGTEST_INVOICE);

  private static Invoice open() {
    return Invoice.open(HASH, REQUEST, Msat.ofSat(21), CREATED, EXPIRES);
  }

  private static Invoice invoice(Instant expires, InvoiceState state, Optional<Instant> settledAt) {
    return new Invoice(HASH, REQUEST, Msat.ofSat(21), CREATED, expires, state, settledAt);
  }

  @Test
  void anOpenInvoiceIsNeitherSettledNorLapsedBeforeItsExpiry() {
    Invoice invoice = open();

    assertThat(invoice.state()).isEqualTo(InvoiceState.OPEN);
    assertThat(invoice.settledAt()).isEmpty();
    assertThat(invoice.isSettled()).isFalse();
    assertThat(invoice.isLapsed(EXPIRES.minusMillis(1))).isFalse();
  }

  @Test
  void anInvoiceMustExpireAfterItIsCreated() {
    assertThatThrownBy(() -> invoice(CREATED, InvoiceState.OPEN, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expire after");
    assertThatThrownBy(() -> invoice(CREATED.minusSeconds(1), InvoiceState.OPEN, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSettledInvoiceWithoutASettlementTimeCannotExist() {
    assertThatThrownBy(() -> invoice(EXPIRES, InvoiceState.SETTLED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settled invoice has a settlement time");
  }

  @Test
  void anOpenOrCanceledInvoiceWithASettlementTimeCannotExist() {
    Optional<Instant> at = Optional.of(CREATED.plusSeconds(5));

    assertThatThrownBy(() -> invoice(EXPIRES, InvoiceState.OPEN, at))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only a settled invoice");
    assertThatThrownBy(() -> invoice(EXPIRES, InvoiceState.CANCELED, at))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only a settled invoice");
  }

  @Test
  void everyPartIsRequired() {
    Msat amount = Msat.ofSat(1);
    Optional<Instant> none = Optional.empty();
    InvoiceState open = InvoiceState.OPEN;
    assertThatThrownBy(() -> new Invoice(null, REQUEST, amount, CREATED, EXPIRES, open, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, null, amount, CREATED, EXPIRES, open, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, REQUEST, null, CREATED, EXPIRES, open, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, REQUEST, amount, null, EXPIRES, open, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, REQUEST, amount, CREATED, null, open, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, REQUEST, amount, CREATED, EXPIRES, null, none))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Invoice(HASH, REQUEST, amount, CREATED, EXPIRES, open, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void settlingRecordsTheSettlementTimeAndKeepsEverythingElse() {
    Instant at = CREATED.plusSeconds(30);

    Invoice settled = open().settled(at);

    assertThat(settled.isSettled()).isTrue();
    assertThat(settled.settledAt()).contains(at);
    assertThat(settled).usingRecursiveComparison().ignoringFields("state", "settledAt").isEqualTo(open());
  }

  @Test
  void anOpenInvoiceLapsesAtItsExpiryInstant() {
    assertThat(open().isLapsed(EXPIRES)).isTrue();
    assertThat(open().isLapsed(EXPIRES.plusSeconds(1))).isTrue();
  }

  @Test
  void aSettledInvoiceNeverLapses() {
    assertThat(open().settled(CREATED.plusSeconds(1)).isLapsed(EXPIRES.plus(Duration.ofDays(365)))).isFalse();
  }

  @Test
  void aCanceledInvoiceIsLapsedEvenBeforeItsExpiry() {
    Invoice canceled = open().canceled();

    assertThat(canceled.state()).isEqualTo(InvoiceState.CANCELED);
    assertThat(canceled.settledAt()).isEmpty();
    assertThat(canceled.isLapsed(CREATED)).isTrue();
  }
}
