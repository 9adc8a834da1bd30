package dev.payql.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.redemption.RefusalReason;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.ports.in.InvoiceStatusUseCase.Status;
import dev.payql.ports.in.InvoiceStatusUseCase.StatusOutcome;
import dev.payql.ports.in.InvoiceStatusUseCase.UnknownKey;
import dev.payql.ports.in.IssueInvoiceUseCase.Issued;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InvoiceStatusServiceTest {

  private static final GraphQLRequest REQUEST = GraphQLRequest.of("{ assets { assetSymbol } }");

  private final Shop shop = new Shop();

  @Test
  void theStatusSaysWhetherTheInvoiceIsPaid() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5), Duration.ofMillis(5));
    Issued issued = shop.buy(REQUEST);

    StatusOutcome before = status.status(issued.key().reveal(), Duration.ZERO);
    shop.node.settle(issued.paymentHash());
    StatusOutcome after = status.status(issued.key().reveal(), Duration.ZERO);

    assertThat(before).isEqualTo(new Status(PurchaseState.AWAITING_PAYMENT, issued.paymentHash(), issued.expiresAt()));
    assertThat(after).isEqualTo(new Status(PurchaseState.PAID, issued.paymentHash(), issued.expiresAt()));
  }

  @Test
  void aLongPollReturnsOnceThePaymentArrives() throws Exception {
    // a real clock: the poll's patience is measured in real time, the payment comes from another thread
    var status = new InvoiceStatusService(shop.store, shop.payments, Clock.systemUTC(), Duration.ofMillis(5),
        Duration.ofMillis(20));
    shop.clock.set(java.time.Instant.now()); // the invoice is issued on the same timeline the poll waits on
    Issued issued = shop.buy(REQUEST);

    CompletableFuture<StatusOutcome> poll =
        CompletableFuture.supplyAsync(() -> status.status(issued.key().reveal(), Duration.ofSeconds(30)));
    shop.node.settle(issued.paymentHash());

    assertThat(poll.get()).isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.PAID));
  }

  @Test
  void anUnpaidInvoicePastItsExpiryShowsAsExpired() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5), Duration.ofMillis(5));
    Issued issued = shop.buy(REQUEST);
    shop.clock.advance(Shop.INVOICE_EXPIRY);

    assertThat(status.status(issued.key().reveal(), Duration.ZERO))
        .isInstanceOfSatisfying(Status.class, s -> assertThat(s.state()).isEqualTo(PurchaseState.EXPIRED));
  }

  @Test
  void badAndUnknownKeysAreToldApart() {
    var status = new InvoiceStatusService(shop.store, shop.payments, shop.clock, Duration.ofMillis(5), Duration.ofMillis(5));

    assertThat(status.status("xyz", Duration.ZERO)).isEqualTo(new UnknownKey(RefusalReason.INVALID_API_KEY));
    assertThat(status.status("0".repeat(64), Duration.ZERO)).isEqualTo(new UnknownKey(RefusalReason.UNKNOWN_API_KEY));
  }
}
